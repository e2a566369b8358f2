using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Residents;

public sealed record ImportReport(int Applied, int Duplicate, int Stale, IReadOnlyList<ResidentFileError> Rejected)
{
    public int Total => Applied + Duplicate + Stale + Rejected.Count;
}

/// <summary>
/// Loads a resident file into the resident grains. Each valid line is applied on its own (a record is stored
/// whole or not at all); invalid lines are rejected with their line number and nothing of them is stored.
/// </summary>
public static class ResidentImport
{
    private const int Parallelism = 32;

    public static async Task<ImportReport> ImportAsync(TextReader reader, IGrainFactory grains, CancellationToken cancellationToken = default)
    {
        var rejected = new List<ResidentFileError>();
        int applied = 0, duplicate = 0, stale = 0;
        var pending = new List<Task<ApplyOutcome>>();

        async Task DrainAsync()
        {
            foreach (var outcome in await Task.WhenAll(pending))
            {
                switch (outcome)
                {
                    case ApplyOutcome.Applied: applied++; break;
                    case ApplyOutcome.Duplicate: duplicate++; break;
                    case ApplyOutcome.Stale: stale++; break;
                }
            }
            pending.Clear();
        }

        foreach (var (_, record, error) in ResidentFile.Read(reader))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (error is not null)
            {
                rejected.Add(error);
                continue;
            }
            pending.Add(grains.GetGrain<IResidentGrain>(record!.Key.GrainKey).Apply(record));
            if (pending.Count >= Parallelism) await DrainAsync();
        }
        await DrainAsync();
        return new ImportReport(applied, duplicate, stale, rejected);
    }
}
