namespace CertOrleans.Contracts.Residents;

/// <summary>
/// One municipality's retention of removed residents' data (除票: moved out or deceased), keyed by
/// <see cref="RetentionKeys"/>: which records are removed since when, purged once the municipality's
/// retention period has passed, every purge and every deletion by the registry in the journal.
/// </summary>
[Alias("certorleans.retention")]
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>The registry said this resident moved out or died, on <paramref name="on"/> (kept as the earliest day heard).</summary>
    [Alias("removed")]
    Task Removed(string residentGrainKey, DateOnly on);

    /// <summary>Many residents removed on one day (a city's initial load): one write for all of them.</summary>
    [Alias("removed-many")]
    Task RemovedMany(IReadOnlyList<string> residentGrainKeys, DateOnly on);

    /// <summary>The resident is registered again: nothing to purge.</summary>
    [Alias("restored")]
    Task Restored(string residentGrainKey);

    /// <summary>Purges every removed record past the retention period now; how many.</summary>
    [Alias("purge-due")]
    Task<int> PurgeDue();

    /// <summary>The registry deletes a record outright; false when there was none. Journaled with <paramref name="actor"/>.</summary>
    [Alias("delete-record")]
    Task<bool> DeleteRecord(ResidentKey resident, string actor);

    [Alias("status"), ReadOnly]
    Task<RetentionStatus> GetStatus();
}

/// <param name="RemovedRecords">Removed residents whose data is still held.</param>
/// <param name="OldestRemovedOn">When the longest-held of them was removed.</param>
[GenerateSerializer, Immutable, Alias("certorleans.retention-status")]
public sealed record RetentionStatus(
    [property: Id(0)] int RemovedRecords,
    [property: Id(1)] DateOnly? OldestRemovedOn,
    [property: Id(2)] int RetentionDays);

public static class RetentionKeys
{
    /// <summary><c>t</c> and the municipality code (a key of hex digits alone would be read as a number).</summary>
    public static string For(string municipalityCode) => $"t{municipalityCode}";
}
