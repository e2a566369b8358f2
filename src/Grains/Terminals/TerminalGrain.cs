using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Grains.Journal;
using CertOrleans.Storage;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Terminals;

[GenerateSerializer, Alias("certorleans.terminal-state")]
public sealed class TerminalState : IJournalsActs<TerminalState>
{
    [Id(0)] public TerminalRegistration? Registration { get; set; }
    [Id(1)] public bool Suspended { get; set; }
    [Id(2)] public List<PendingAct> PendingActs { get; set; } = [];

    public TerminalState Copy() => new() { Registration = Registration, Suspended = Suspended, PendingActs = [.. PendingActs] };
}

/// <summary>A store terminal's registration and suspension, each change journaled in the cluster's chain with it.</summary>
public sealed class TerminalGrain(
    [PersistentState("terminal", StorageNames.Default)] IPersistentState<TerminalState> state,
    ActJournal journal,
    ILogger<TerminalGrain> logger) : Grain, ITerminalGrain
{
    private ActRecorder<TerminalState>? recorder;

    private ActRecorder<TerminalState> Acts => recorder ??= new(() => state.State, next => state.SaveAsync(next), journal, this, logger);

    private string Subject => $"terminal {this.GetPrimaryKeyString()}";

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    public Task Register(TerminalRegistration registration, string actor)
    {
        var next = state.State.Copy();
        next.Registration = registration;
        return Acts.SaveAsync(next, PendingAct.For(JournalNames.ClusterChain, JournalKinds.TerminalRegistered, actor, Subject,
            new Dictionary<string, string> { ["storeOperator"] = registration.StoreOperator, ["storeName"] = registration.StoreName }));
    }

    public Task Suspend(string actor) => SetSuspendedAsync(true, JournalKinds.TerminalSuspended, actor);

    public Task Resume(string actor) => SetSuspendedAsync(false, JournalKinds.TerminalResumed, actor);

    private Task SetSuspendedAsync(bool suspended, string kind, string actor)
    {
        if (state.State.Registration is null) throw UnknownTerminal();
        var next = state.State.Copy();
        next.Suspended = suspended;
        return Acts.SaveAsync(next, PendingAct.For(JournalNames.ClusterChain, kind, actor, Subject));
    }

    private static Contracts.Requests.IssuanceException UnknownTerminal() =>
        new(Contracts.Requests.ErrorCodes.TerminalUnknown, "This terminal is not registered.");

    public Task<TerminalStatus> GetStatus() =>
        Task.FromResult(new TerminalStatus(state.State.Registration is not null, state.State.Suspended, state.State.Registration?.StoreOperator));
}
