using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Feed;

public sealed record ImportReport(int Applied, int Duplicate, int Stale, IReadOnlyList<ResidentFileError> Rejected)
{
    public int Total => Applied + Duplicate + Stale + Rejected.Count;
}

/// <summary>What happened to one line of a batch: applied, duplicate, stale, or rejected with the reason (no personal data).</summary>
public sealed record RecordOutcome(int Line, string Outcome, string? Reason = null);

/// <summary>
/// Loads a resident file into the resident grains. Each valid line is applied on its own (a record is stored
/// whole or not at all); invalid lines are rejected with their line number and nothing of them is stored.
/// A line the grain refuses (say, a 個人番号 for a municipality that does not print it) is rejected too.
/// </summary>
public static class FeedImport
{
    /// <summary>Records in flight at once: enough to keep two cores and the store busy.</summary>
    public const int Parallelism = 64;

    /// <param name="onOutcome">Called for every line as it completes (in completion order); a batch API streams these.</param>
    public static Task<ImportReport> ImportAsync(TextReader reader, IGrainFactory grains, CancellationToken cancellationToken = default, Action<RecordOutcome>? onOutcome = null) =>
        ApplyAllAsync(ResidentFile.ReadAsync(reader, cancellationToken), entry => ApplyResidentAsync(grains, entry, release: true), cancellationToken, onOutcome);

    public static Task<ImportReport> ImportFamilyRegistersAsync(TextReader reader, IGrainFactory grains, CancellationToken cancellationToken = default, Action<RecordOutcome>? onOutcome = null) =>
        ApplyAllAsync(FamilyRegisterFile.ReadAsync(reader, cancellationToken), register => grains.GetGrain<IFamilyRegisterGrain>(register.GrainKey).Apply(register), cancellationToken, onOutcome);

    /// <summary>One resident line from the per-record API (the activation stays: the resident may be at a kiosk).</summary>
    public static Task<ApplyOutcome> ApplyResidentAsync(IGrainFactory grains, ResidentEntry entry, bool release = false) =>
        grains.GetGrain<IResidentGrain>(entry.Record.Key.GrainKey).ApplyUpdate(new ResidentUpdate(entry.Record, entry.Seal, entry.Taxes, release));

    /// <summary>
    /// Applies valid lines with a sliding window of <see cref="Parallelism"/> calls; invalid lines and records a
    /// grain refuses are rejected with their line number. Re-running a batch (say, after it was killed half way)
    /// ends in the same state: what was applied comes back as duplicate.
    /// </summary>
    private static async Task<ImportReport> ApplyAllAsync<T>(
        IAsyncEnumerable<(int Line, T? Item, ResidentFileError? Error)> lines,
        Func<T, Task<ApplyOutcome>> apply,
        CancellationToken cancellationToken,
        Action<RecordOutcome>? onOutcome) where T : class
    {
        var rejected = new List<ResidentFileError>();
        int applied = 0, duplicate = 0, stale = 0;
        var gate = new object();
        void Record(RecordOutcome outcome)
        {
            lock (gate)
            {
                switch (outcome.Outcome)
                {
                    case "applied": applied++; break;
                    case "duplicate": duplicate++; break;
                    case "stale": stale++; break;
                    default: rejected.Add(new ResidentFileError(outcome.Line, outcome.Reason!)); break;
                }
                onOutcome?.Invoke(outcome);
            }
        }

        using var window = new SemaphoreSlim(Parallelism);
        var running = new List<Task>();
        await foreach (var (line, item, error) in lines)
        {
            if (error is not null)
            {
                Record(new RecordOutcome(line, "rejected", error.Message));
                continue;
            }
            await window.WaitAsync(cancellationToken);
            running.Add(ApplyOneAsync(line, item!));
            if (running.Count > Parallelism * 4) running.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(running);
        rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ImportReport(applied, duplicate, stale, rejected);

        async Task ApplyOneAsync(int line, T item)
        {
            try
            {
                var outcome = await apply(item);
                Record(new RecordOutcome(line, outcome.ToString().ToLowerInvariant()));
            }
            catch (IssuanceException ex)
            {
                Record(new RecordOutcome(line, "rejected", ex.Message));
            }
            finally
            {
                window.Release();
            }
        }
    }
}
