using CertOrleans.Storage;

namespace CertOrleans.Grains.Domiciles;

[GenerateSerializer, Alias("certorleans.persisted-set`1")]
public sealed class PersistedSet<T>
{
    [Id(0)] public List<T> Items { get; set; } = [];
}

/// <summary>A grain that keeps a small set of keys: a change is written before it is taken, and a repeated one writes nothing.</summary>
public abstract class SetGrain<T>(IPersistentState<PersistedSet<T>> state) : Grain
{
    protected async Task AddAsync(T item)
    {
        if (state.State.Items.Contains(item)) return;
        await state.SaveAsync(new PersistedSet<T> { Items = [.. state.State.Items, item] });
    }

    protected async Task RemoveAsync(T item)
    {
        if (!state.State.Items.Contains(item)) return;
        await state.SaveAsync(new PersistedSet<T> { Items = state.State.Items.Where(i => !EqualityComparer<T>.Default.Equals(i, item)).ToList() });
    }

    protected Task<IReadOnlyList<T>> ItemsAsync() => Task.FromResult<IReadOnlyList<T>>(state.State.Items.ToList());
}
