using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Feed;

public sealed record ImportReport(int Applied, int Duplicate, int Stale, IReadOnlyList<ResidentFileError> Rejected)
{
    public int Total => Applied + Duplicate + Stale + Rejected.Count;
}

/// <summary>What happened to one line of a batch: applied, duplicate, stale, or rejected with the reason (no personal data).</summary>
public sealed record RecordOutcome(int Line, string Outcome, string? Reason = null);

/// <summary>Counts the outcomes of a batch into its report: the importer as it applies lines, the CLI as it reads them back.</summary>
public sealed class ImportTally
{
    private readonly List<ResidentFileError> rejected = [];
    private int applied, duplicate, stale;

    public void Add(RecordOutcome outcome)
    {
        switch (outcome.Outcome)
        {
            case "applied": applied++; break;
            case "duplicate": duplicate++; break;
            case "stale": stale++; break;
            default: rejected.Add(new ResidentFileError(outcome.Line, outcome.Reason ?? outcome.Outcome)); break;
        }
    }

    /// <summary>The report, rejected lines in line order.</summary>
    public ImportReport Report() => new(applied, duplicate, stale, rejected.OrderBy(r => r.Line).ToList());
}

/// <summary>
/// Loads a resident file into the resident grains. Each valid line is applied on its own (a record is stored
/// whole or not at all); invalid lines are rejected with their line number and nothing of them is stored.
/// A line the grain refuses (say, a 個人番号 for a municipality that does not print it) is rejected too.
/// </summary>
public static class FeedImport
{
    /// <summary>Records in flight at once: enough to keep two cores and the store busy.</summary>
    public const int Parallelism = 64;

    /// <summary>Residents sent to the bulk loader at once in an initial load.</summary>
    public const int ChunkSize = 500;

    /// <param name="onOutcome">
    /// Awaited for every line as it completes (in completion order, possibly concurrently); a batch API streams
    /// these, and while it cannot keep up the import waits: nothing piles up.
    /// </param>
    /// <param name="initial">
    /// An initial load: residents not stored yet are written in chunks by the bulk loader without a grain each;
    /// the rest go through their grains as usual. Only while no resident grain is serving kiosks.
    /// </param>
    /// <param name="mayWrite">Which municipalities the sender may write (a registry key's scope); lines of others are rejected.</param>
    /// <param name="limits">Longest line and most lines read (a batch API's bounds); unbounded line count by default.</param>
    public static Task<ImportReport> ImportAsync(TextReader reader, IGrainFactory grains, CancellationToken cancellationToken = default, Func<RecordOutcome, ValueTask>? onOutcome = null,
        bool initial = false, Func<string, bool>? mayWrite = null, FeedLimits? limits = null)
    {
        var lines = Scoped(ResidentFile.ReadAsync(reader, cancellationToken, limits), entry => entry.Record.Key.MunicipalityCode, mayWrite);
        return initial
            ? ApplyAllAsync(Chunks(lines), chunk => LoadChunkAsync(grains, chunk), cancellationToken, onOutcome, parallelism: 4)
            : ApplyAllAsync(lines, item => OneAsync(item, entry => ApplyResidentAsync(grains, entry, release: true)), cancellationToken, onOutcome);
    }

    public static Task<ImportReport> ImportFamilyRegistersAsync(TextReader reader, IGrainFactory grains, CancellationToken cancellationToken = default, Func<RecordOutcome, ValueTask>? onOutcome = null,
        Func<string, bool>? mayWrite = null, FeedLimits? limits = null) =>
        ApplyAllAsync(Scoped(FamilyRegisterFile.ReadAsync(reader, cancellationToken, limits), register => register.MunicipalityCode, mayWrite),
            item => OneAsync(item, register => grains.GetGrain<IFamilyRegisterGrain>(register.GrainKey).Apply(register)), cancellationToken, onOutcome);

    /// <summary>Card events (issue, reissue, return); <paramref name="scope"/> is the sender's municipalities, which the card grain checks against a card's holder.</summary>
    public static Task<ImportReport> ImportCardEventsAsync(TextReader reader, IGrainFactory grains, string actor, IReadOnlyList<string>? scope, CancellationToken cancellationToken = default,
        Func<RecordOutcome, ValueTask>? onOutcome = null, Func<string, bool>? mayWrite = null, FeedLimits? limits = null) =>
        ApplyAllAsync(Scoped(CardEventFile.ReadAsync(reader, cancellationToken, limits), entry => entry.MunicipalityCode, mayWrite),
            item => OneAsync(item, entry => ApplyCardEventAsync(grains, entry, actor, scope)), cancellationToken, onOutcome);

    public static Task<ApplyOutcome> ApplyCardEventAsync(IGrainFactory grains, CardEventEntry entry, string actor, IReadOnlyList<string>? scope) =>
        grains.GetGrain<Contracts.Cards.ICardGrain>(Contracts.Cards.CardKeys.ForSerial(entry.CardSerial)).ApplyEvent(entry.Event, actor, scope);

    /// <summary>The message for a record of a municipality the sender may not write.</summary>
    public static string OutOfScope(string municipalityCode) => $"municipalityCode {municipalityCode} is not one this key may write";

    private static async IAsyncEnumerable<(int Line, T? Item, ResidentFileError? Error)> Scoped<T>(
        IAsyncEnumerable<(int Line, T? Item, ResidentFileError? Error)> lines, Func<T, string> municipalityOf, Func<string, bool>? mayWrite) where T : class
    {
        await foreach (var line in lines)
        {
            if (mayWrite is not null && line.Item is { } item && !mayWrite(municipalityOf(item)))
                yield return (line.Line, null, new ResidentFileError(line.Line, OutOfScope(municipalityOf(item))));
            else yield return line;
        }
    }

    /// <summary>One resident line from the per-record API (the activation stays: the resident may be at a kiosk).</summary>
    public static Task<ApplyOutcome> ApplyResidentAsync(IGrainFactory grains, ResidentEntry entry, bool release = false) =>
        grains.GetGrain<IResidentGrain>(entry.Record.Key.GrainKey).ApplyUpdate(new ResidentUpdate(entry.Record, entry.Seal, entry.Taxes, release));

    /// <summary>
    /// Runs the work items with a sliding window of calls in flight; invalid lines and records a grain refuses
    /// are rejected with their line number. Re-running a batch (say, after it was killed half way) ends in the
    /// same state: what was applied comes back as duplicate.
    /// </summary>
    private static async Task<ImportReport> ApplyAllAsync<T>(
        IAsyncEnumerable<T> work,
        Func<T, Task<IReadOnlyList<RecordOutcome>>> apply,
        CancellationToken cancellationToken,
        Func<RecordOutcome, ValueTask>? onOutcome,
        int parallelism = Parallelism)
    {
        var tally = new ImportTally();
        var gate = new object();
        async ValueTask Record(RecordOutcome outcome)
        {
            lock (gate) tally.Add(outcome);
            // Awaited before the window slot is released: a slow reader of the outcomes slows the import down.
            if (onOutcome is not null) await onOutcome(outcome);
        }

        using var window = new SemaphoreSlim(parallelism);
        var running = new List<Task>();
        await foreach (var item in work.WithCancellation(cancellationToken))
        {
            await window.WaitAsync(cancellationToken);
            running.Add(RunAsync(item));
            if (running.Count > parallelism * 4) running.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(running);
        return tally.Report();

        async Task RunAsync(T item)
        {
            try
            {
                foreach (var outcome in await apply(item)) await Record(outcome);
            }
            finally
            {
                window.Release();
            }
        }
    }

    private static async IAsyncEnumerable<List<(int Line, ResidentEntry? Entry, ResidentFileError? Error)>> Chunks(IAsyncEnumerable<(int Line, ResidentEntry? Entry, ResidentFileError? Error)> lines)
    {
        var chunk = new List<(int, ResidentEntry?, ResidentFileError?)>(ChunkSize);
        await foreach (var line in lines)
        {
            chunk.Add(line);
            if (chunk.Count == ChunkSize)
            {
                yield return chunk;
                chunk = new(ChunkSize);
            }
        }
        if (chunk.Count > 0) yield return chunk;
    }

    /// <summary>One line: its parse error, or what applying it did.</summary>
    private static async Task<IReadOnlyList<RecordOutcome>> OneAsync<T>((int Line, T? Item, ResidentFileError? Error) line, Func<T, Task<ApplyOutcome>> apply) where T : class
    {
        if (line.Error is not null) return [new RecordOutcome(line.Line, "rejected", line.Error.Message)];
        try
        {
            return [new RecordOutcome(line.Line, (await apply(line.Item!)).ToString().ToLowerInvariant())];
        }
        catch (IssuanceException ex)
        {
            return [new RecordOutcome(line.Line, "rejected", ex.Message)];
        }
    }

    /// <summary>A chunk of an initial load: new residents through the bulk loader, the others through their grains.</summary>
    private static async Task<IReadOnlyList<RecordOutcome>> LoadChunkAsync(IGrainFactory grains, List<(int Line, ResidentEntry? Entry, ResidentFileError? Error)> chunk)
    {
        var outcomes = chunk.Where(l => l.Error is not null).Select(l => new RecordOutcome(l.Line, "rejected", l.Error!.Message)).ToList();
        var valid = chunk.Where(l => l.Error is null).ToList();
        var inserted = await grains.GetGrain<IBulkLoaderGrain>(0).LoadNewResidents(valid.Select(l => new ResidentUpdate(l.Entry!.Record, l.Entry.Seal, l.Entry.Taxes)).ToList());
        for (var i = 0; i < valid.Count; i++)
        {
            if (inserted[i]) outcomes.Add(new RecordOutcome(valid[i].Line, "applied"));
            else outcomes.AddRange(await OneAsync(valid[i], entry => ApplyResidentAsync(grains, entry, release: true)));
        }
        return outcomes;
    }
}
