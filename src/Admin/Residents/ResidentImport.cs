using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Residents;

public sealed record ImportReport(int Applied, int Duplicate, int Stale, IReadOnlyList<ResidentFileError> Rejected)
{
    public int Total => Applied + Duplicate + Stale + Rejected.Count;
}

/// <summary>
/// Loads a resident file into the resident grains. Each valid line is applied on its own (a record is stored
/// whole or not at all); invalid lines are rejected with their line number and nothing of them is stored.
/// A line the grain refuses (say, a 個人番号 for a municipality that does not print it) is rejected too.
/// </summary>
public static class ResidentImport
{
    private const int Parallelism = 32;

    public static Task<ImportReport> ImportAsync(TextReader reader, IGrainFactory grains, CancellationToken cancellationToken = default) =>
        ApplyAllAsync(ResidentFile.Read(reader), (line, entry) => ApplyAsync(grains, line, entry), cancellationToken);

    public static Task<ImportReport> ImportFamilyRegistersAsync(TextReader reader, IGrainFactory grains, CancellationToken cancellationToken = default) =>
        ApplyAllAsync(FamilyRegisterFile.Read(reader), async (line, register) =>
        {
            try
            {
                return (line, await grains.GetGrain<IFamilyRegisterGrain>(register.GrainKey).Apply(register), null);
            }
            catch (IssuanceException ex)
            {
                return (line, null, ex.Message);
            }
        }, cancellationToken);

    /// <summary>Applies valid lines with bounded parallelism; collects every outcome and every rejection by line.</summary>
    private static async Task<ImportReport> ApplyAllAsync<T>(
        IEnumerable<(int Line, T? Item, ResidentFileError? Error)> lines,
        Func<int, T, Task<(int Line, ApplyOutcome? Outcome, string? Error)>> apply,
        CancellationToken cancellationToken) where T : class
    {
        var rejected = new List<ResidentFileError>();
        int applied = 0, duplicate = 0, stale = 0;
        var pending = new List<Task<(int Line, ApplyOutcome? Outcome, string? Error)>>();

        async Task DrainAsync()
        {
            foreach (var (line, outcome, failure) in await Task.WhenAll(pending))
            {
                switch (outcome)
                {
                    case ApplyOutcome.Applied: applied++; break;
                    case ApplyOutcome.Duplicate: duplicate++; break;
                    case ApplyOutcome.Stale: stale++; break;
                    default: rejected.Add(new ResidentFileError(line, failure!)); break;
                }
            }
            pending.Clear();
        }

        foreach (var (line, item, error) in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (error is not null)
            {
                rejected.Add(error);
                continue;
            }
            pending.Add(apply(line, item!));
            if (pending.Count >= Parallelism) await DrainAsync();
        }
        await DrainAsync();
        rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ImportReport(applied, duplicate, stale, rejected);
    }

    /// <summary>The 住基 record decides the line's outcome; seal and tax records ride along with their own versions.</summary>
    private static async Task<(int Line, ApplyOutcome? Outcome, string? Error)> ApplyAsync(IGrainFactory grains, int line, ResidentEntry entry)
    {
        var grain = grains.GetGrain<IResidentGrain>(entry.Record.Key.GrainKey);
        try
        {
            var outcome = await grain.Apply(entry.Record);
            if (entry.Seal is { } seal) await grain.ApplySeal(seal);
            foreach (var tax in entry.Taxes) await grain.ApplyTax(tax);
            return (line, outcome, null);
        }
        catch (IssuanceException ex)
        {
            return (line, null, ex.Message);
        }
    }
}
