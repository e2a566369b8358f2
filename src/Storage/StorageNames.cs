namespace CertOrleans.Storage;

public static class StorageNames
{
    /// <summary>The grain storage provider for residents, cards and terminals. Each grain type has its own state name.</summary>
    public const string Default = "certorleans";
}
