using Orleans.Runtime;

namespace CertOrleans.Storage;

/// <summary>
/// The one way a grain changes persisted state: build the next state as a new object, write it, and only then
/// let it be the state. A write that fails leaves memory as it was, so the grain keeps serving what is stored
/// and the caller's retry applies the change again.
/// </summary>
public static class SaveThenSwap
{
    public static async Task SaveAsync<T>(this IPersistentState<T> state, T next, CancellationToken cancellationToken = default) where T : class
    {
        var previous = state.State;
        if (ReferenceEquals(previous, next)) throw new ArgumentException("Save a new state object, not the current one changed in place.", nameof(next));
        state.State = next;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
