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

/// <summary>
/// A store terminal's registration and suspension, each change journaled in the cluster's chain with it. The requests
/// in progress on it (admitted through <see cref="Admit"/>) are told of each change once it is saved, so a suspension
/// applies at their next step without their asking at every step (docs/architecture.md, "A request's path").
/// </summary>
public sealed class TerminalGrain(
    [PersistentState("terminal", StorageNames.Default)] IPersistentState<TerminalState> state,
    ActJournal journal,
    ILogger<TerminalGrain> logger) : Grain, ITerminalGrain
{
    /// <summary>How long a change waits for the requests to hear it before the operator is answered anyway.</summary>
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(2);

    private ActRecorder<TerminalState>? recorder;
    // The requests in progress here, with when they stop listening (Environment.TickCount64): in memory only.
    private readonly Dictionary<string, long> watchers = new(StringComparer.Ordinal);

    private ActRecorder<TerminalState> Acts => recorder ??= new(() => state.State, next => state.SaveAsync(next), journal, this, logger);

    private string Subject => $"terminal {this.GetPrimaryKeyString()}";

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    // Going away (idle, a rebalance, a silo shutting down): the watchers would miss a change made to the next activation.
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => TellWatchersAsync(forget: true);

    public async Task Register(TerminalRegistration registration, string actor)
    {
        var next = state.State.Copy();
        next.Registration = registration;
        await Acts.SaveAsync(next, PendingAct.For(JournalNames.ClusterChain, JournalKinds.TerminalRegistered, actor, Subject,
            new Dictionary<string, string> { ["storeOperator"] = registration.StoreOperator, ["storeName"] = registration.StoreName }));
        await TellWatchersAsync(forget: false);
    }

    public Task Suspend(string actor) => SetSuspendedAsync(true, JournalKinds.TerminalSuspended, actor);

    public Task Resume(string actor) => SetSuspendedAsync(false, JournalKinds.TerminalResumed, actor);

    private async Task SetSuspendedAsync(bool suspended, string kind, string actor)
    {
        if (state.State.Registration is null) throw UnknownTerminal();
        var next = state.State.Copy();
        next.Suspended = suspended;
        await Acts.SaveAsync(next, PendingAct.For(JournalNames.ClusterChain, kind, actor, Subject));
        await TellWatchersAsync(forget: false);
    }

    private static Contracts.Requests.IssuanceException UnknownTerminal() =>
        new(Contracts.Requests.ErrorCodes.TerminalUnknown, "This terminal is not registered.");

    public Task<TerminalStatus> GetStatus() => Task.FromResult(Status());

    public Task<TerminalStatus> Admit(string requestId, TimeSpan watchFor)
    {
        var now = Environment.TickCount64;
        foreach (var (id, until) in watchers)
            if (until < now) watchers.Remove(id);
        var status = Status();
        // A refused request is not started: nothing to tell it later. The others keep this activation (and their list) alive.
        if (status.Refusal() is null)
        {
            watchers[requestId] = now + (long)watchFor.TotalMilliseconds;
            this.DelayDeactivation(watchFor);
        }
        return Task.FromResult(status);
    }

    private TerminalStatus Status() =>
        new(state.State.Registration is not null, state.State.Suspended, state.State.Registration?.StoreOperator);

    /// <summary>
    /// Tells the requests in progress that they must ask again before their next step (a change is saved, or this
    /// activation goes away and <paramref name="forget"/>s them); one that cannot be reached has ended or lost its silo.
    /// </summary>
    private async Task TellWatchersAsync(bool forget)
    {
        var now = Environment.TickCount64;
        var live = watchers.Where(w => w.Value >= now).Select(w => w.Key).ToList();
        if (forget) watchers.Clear();
        if (live.Count == 0) return;
        try
        {
            await Task.WhenAll(live.Select(id => GrainFactory.GetGrain<Contracts.Requests.IIssuanceRequestGrain>(id).TerminalChanged())).WaitAsync(PushTimeout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            TerminalLog.PushFailed(logger, this.GetPrimaryKeyString(), live.Count, ex.GetType().Name);
        }
    }
}

internal static partial class TerminalLog
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "Terminal {TerminalId}: a change did not reach all of its {Requests} requests in progress ({Error})")]
    public static partial void PushFailed(ILogger logger, string terminalId, int requests, string error);
}
