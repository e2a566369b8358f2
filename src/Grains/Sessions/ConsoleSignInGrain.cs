using CertOrleans.Contracts.Sessions;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Sessions;

[GenerateSerializer, Alias("certorleans.console-sign-in-state")]
public sealed class ConsoleSignInState
{
    /// <summary>The last TOTP time step spent (-1: none).</summary>
    [Id(0)] public long LastStep { get; set; } = -1;
    /// <summary>When the recent failed attempts were made, within <see cref="ConsoleSignInGrain.Window"/>.</summary>
    [Id(1)] public List<DateTimeOffset> Failures { get; set; } = [];
}

/// <summary>
/// One console user name's sign-in record, shared by every gateway: spent codes and recent failures. Five failures
/// within 15 minutes lock the name until the oldest of them is 15 minutes old. Holds no password, code or address.
/// </summary>
public sealed class ConsoleSignInGrain(
    [PersistentState("console-sign-in", StorageNames.Default)] IPersistentState<ConsoleSignInState> state,
    ServiceClock time) : Grain, IConsoleSignInGrain
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public Task<DateTimeOffset?> LockedUntil()
    {
        var recent = Recent(time.GetUtcNow());
        return Task.FromResult(recent.Count >= MaxFailures ? recent[^MaxFailures] + Window : (DateTimeOffset?)null);
    }

    public Task Failed()
    {
        var now = time.GetUtcNow();
        return state.SaveAsync(new ConsoleSignInState { LastStep = state.State.LastStep, Failures = [.. Recent(now), now] });
    }

    public async Task<bool> Accept(long step)
    {
        if (step <= state.State.LastStep)
        {
            // A code seen once is spent: someone who watched it typed, at any gateway, cannot use it again.
            await Failed();
            return false;
        }
        await state.SaveAsync(new ConsoleSignInState { LastStep = step });
        return true;
    }

    private List<DateTimeOffset> Recent(DateTimeOffset now) => state.State.Failures.Where(at => now - at < Window).ToList();
}
