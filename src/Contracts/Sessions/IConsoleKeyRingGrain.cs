namespace CertOrleans.Contracts.Sessions;

/// <summary>
/// The console's ASP.NET Core Data Protection key ring (what signs and encrypts the sign-in cookies), held by the
/// cluster so every gateway shares one ring, and sealed at rest with the cluster's data key: neither a gateway's home
/// folder nor a copy of the database yields a key that forges a cookie. One grain, <see cref="Key"/>.
/// </summary>
[Alias("certorleans.console-key-ring")]
public interface IConsoleKeyRingGrain : IGrainWithStringKey, Protection.ISealedStateGrain
{
    /// <summary>The grain's key: sealed with the data key of <see cref="Journal.JournalNames.ClusterChain"/>.</summary>
    public const string Key = "c" + Journal.JournalNames.ClusterChain;

    /// <summary>Every key element stored, as XML text, oldest first.</summary>
    [Alias("elements"), ReadOnly]
    Task<IReadOnlyList<string>> GetElements();

    /// <summary>Adds a key element (XML text) under a friendly name; an element of the same name is replaced.</summary>
    [Alias("store")]
    Task Store(string friendlyName, string element);
}
