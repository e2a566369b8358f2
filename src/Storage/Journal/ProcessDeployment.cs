namespace CertOrleans.Storage.Journal;

/// <summary>
/// This silo's <c>deployment</c> entry in the cluster chain, set once at start before any request is served: every
/// request's end record and deletion statement name it, so the build that served a request is on record with it.
/// </summary>
public sealed class ProcessDeployment
{
    private string? entry;

    /// <summary>"cluster#{sequence}", or null before the start has recorded it.</summary>
    public string? Entry
    {
        get => Volatile.Read(ref entry);
        set => Volatile.Write(ref entry, value);
    }
}
