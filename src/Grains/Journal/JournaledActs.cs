using CertOrleans.Contracts.Journal;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using CertOrleans.Storage.Journal;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Journal;

/// <summary>
/// An administrative act's journal entry, before it is in its chain: stored in the acting grain's own state, in the
/// same write as the change it records, and appended from there.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.pending-act")]
public sealed record PendingAct(
    [property: Id(0)] string ActId,
    [property: Id(1)] string Chain,
    [property: Id(2)] string Kind,
    [property: Id(3)] AdministrativeEvent Event)
{
    public static PendingAct For(string chain, string kind, string actor, string subject, IReadOnlyDictionary<string, string>? details = null) =>
        new($"a{Guid.NewGuid():N}", chain, kind, new AdministrativeEvent(actor, subject, details ?? new Dictionary<string, string>()));
}

/// <summary>A grain state that carries the journal entries of its acts until they are in their chains.</summary>
public interface IJournalsActs<TState>
{
    List<PendingAct> PendingActs { get; set; }

    /// <summary>A copy to change and save (the pending acts copied too).</summary>
    TState Copy();
}

/// <summary>Appends pending acts to their chains, each once (by act id).</summary>
public sealed class ActJournal(RelationalStore store, JournalEntryAuthenticator authenticator, ServiceClock time)
{
    public async Task AppendAsync(IReadOnlyList<PendingAct> acts)
    {
        foreach (var act in acts)
            await JournalChain.AppendActAsync(store, new JournalAppend(act.Chain, act.Kind,
                JournalJson.Write(new AdministrativeBody(act.Event.Actor, act.Event.Subject, act.Event.Details)), ActId: act.ActId), time.GetUtcNow(), authenticator);
    }
}

/// <summary>
/// The act and its record together: the grain's change and its acts' entries are one write of the grain's state, so
/// there is never one without the other. The entries are then appended to their chains (at most once each, by act
/// id) and forgotten. If the journal cannot be written just then, the act stands and its entries stay in the state:
/// they are appended on the grain's next act, its next activation, or by a retry every few seconds meanwhile.
/// </summary>
internal sealed partial class ActRecorder<TState>(Func<TState> current, Func<TState, Task> save, ActJournal journal, IGrainBase grain, ILogger logger)
    where TState : class, IJournalsActs<TState>
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);
    private IGrainTimer? retry;

    /// <summary>Saves <paramref name="next"/> with the entries of <paramref name="acts"/> (and any not yet appended), then appends them.</summary>
    public async Task SaveAsync(TState next, params PendingAct[] acts)
    {
        next.PendingActs = [.. current().PendingActs, .. acts];
        await save(next);
        await FlushAsync();
    }

    /// <summary>Appends the pending entries and forgets them; on failure they stay, and a retry is scheduled.</summary>
    public async Task FlushAsync()
    {
        var pending = current().PendingActs;
        if (pending.Count == 0) return;
        try
        {
            await journal.AppendAsync(pending);
            var next = current().Copy();
            next.PendingActs = next.PendingActs.Where(a => pending.All(p => p.ActId != a.ActId)).ToList();
            await save(next);
            retry?.Dispose();
            retry = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPending(logger, pending.Count, ex.GetType().Name);
            retry ??= grain.RegisterGrainTimer(_ => FlushAsync(), new GrainTimerCreationOptions(RetryPeriod, RetryPeriod) { KeepAlive = true });
        }
    }

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "{Count} administrative act(s) stored but not yet journaled ({Error}); trying again")]
    private static partial void LogPending(ILogger logger, int count, string error);
}
