using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Residents;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Domiciles;

[GenerateSerializer, Alias("certorleans.domicile-queue-state")]
public sealed class DomicileQueueState
{
    /// <summary>Applicants by resident key only; their particulars stay sealed in their registration grains.</summary>
    [Id(0)] public List<ResidentKey> Pending { get; set; } = [];
}

/// <inheritdoc cref="IDomicileQueueGrain"/>
public sealed class DomicileQueueGrain(
    [PersistentState("domicile-queue", StorageNames.Default)] IPersistentState<DomicileQueueState> state) : Grain, IDomicileQueueGrain
{
    public async Task Add(ResidentKey applicant)
    {
        if (state.State.Pending.Contains(applicant)) return;
        await state.SaveAsync(new DomicileQueueState { Pending = [.. state.State.Pending, applicant] });
    }

    public async Task Remove(ResidentKey applicant)
    {
        if (!state.State.Pending.Contains(applicant)) return;
        await state.SaveAsync(new DomicileQueueState { Pending = state.State.Pending.Where(k => k != applicant).ToList() });
    }

    public Task<IReadOnlyList<ResidentKey>> Pending() => Task.FromResult<IReadOnlyList<ResidentKey>>(state.State.Pending.ToList());
}
