using CertOrleans.Contracts.Terminals;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Terminals;

[GenerateSerializer, Alias("certorleans.terminal-state")]
public sealed class TerminalState
{
    [Id(0)] public TerminalRegistration? Registration { get; set; }
    [Id(1)] public bool Suspended { get; set; }
}

public sealed class TerminalGrain(
    [PersistentState("terminal", StorageNames.Default)] IPersistentState<TerminalState> state) : Grain, ITerminalGrain
{
    public async Task Register(TerminalRegistration registration)
    {
        await state.SaveAsync(new TerminalState { Registration = registration, Suspended = state.State.Suspended });
    }

    public async Task Suspend()
    {
        if (state.State.Registration is null) throw UnknownTerminal();
        await state.SaveAsync(new TerminalState { Registration = state.State.Registration, Suspended = true });
    }

    public async Task Resume()
    {
        if (state.State.Registration is null) throw UnknownTerminal();
        await state.SaveAsync(new TerminalState { Registration = state.State.Registration, Suspended = false });
    }

    private static Contracts.Requests.IssuanceException UnknownTerminal() =>
        new(Contracts.Requests.ErrorCodes.TerminalUnknown, "This terminal is not registered.");

    public Task<TerminalStatus> GetStatus() =>
        Task.FromResult(new TerminalStatus(state.State.Registration is not null, state.State.Suspended, state.State.Registration?.StoreOperator));
}
