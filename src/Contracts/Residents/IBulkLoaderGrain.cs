namespace CertOrleans.Contracts.Residents;

/// <summary>
/// The initial-load path for a city's residents: writes a chunk of residents that are not stored yet straight
/// into the store (sealed exactly as the resident grain seals them), in one transaction, without activating a
/// grain per resident. Residents already stored are left alone and reported, so the caller sends them through
/// the resident grain, where the version rules apply.
/// </summary>
[Alias("certorleans.bulk-loader")]
public interface IBulkLoaderGrain : IGrainWithIntegerKey
{
    /// <summary>For each update, in order: true when it was inserted here, false when the resident grain must apply it.</summary>
    [Alias("load-residents")]
    Task<bool[]> LoadNewResidents(IReadOnlyList<ResidentUpdate> updates);
}
