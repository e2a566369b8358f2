using System.Text.RegularExpressions;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Contracts.Keys;

/// <summary>
/// The keys a cluster operator mints while the service runs, each for one role in named municipalities. The cluster
/// holds only each secret's SHA-256 (hex): the gateway makes the secret, hands it out once and keeps nothing. One grain
/// holds them all, in memory, so every gateway asks it on every authentication: a key minted works at once and a key
/// revoked is refused at once everywhere, and a probe with a made-up key reads no storage.
/// </summary>
[Alias("certorleans.scoped-keys")]
public interface IScopedKeysGrain : IGrainWithStringKey
{
    /// <summary>Stores the key (by its hash) and journals the act in the cluster's chain and in each of its municipalities'.</summary>
    [Alias("mint")]
    Task<ScopedKey> Mint(ScopedKeyRequest request, string actor);

    /// <summary>Revokes the key with <paramref name="id"/> (scoped-key-unknown when there is none); revoking it again changes nothing.</summary>
    [Alias("revoke")]
    Task<ScopedKey> Revoke(string id, string actor);

    /// <summary>The key whose secret hashes to <paramref name="hash"/> (revoked or not), or null.</summary>
    [Alias("find"), ReadOnly]
    Task<ScopedKey?> Find(string hash);

    [Alias("list"), ReadOnly]
    Task<IReadOnlyList<ScopedKey>> List();
}

/// <summary>What a key is to be: the hash of its secret, its role, its municipalities and a label naming the system that holds it.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.scoped-key-request")]
public sealed record ScopedKeyRequest(
    [property: Id(0)] string Hash,
    [property: Id(1)] string Role,
    [property: Id(2)] IReadOnlyList<string> Municipalities,
    [property: Id(3)] string Label);

/// <summary>A minted key: never its secret. Its id is the first 16 hex digits of the hash.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.scoped-key")]
public sealed record ScopedKey(
    [property: Id(0)] string Id,
    [property: Id(1)] string Hash,
    [property: Id(2)] string Role,
    [property: Id(3)] IReadOnlyList<string> Municipalities,
    [property: Id(4)] string Label,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string MintedBy,
    [property: Id(7)] DateTimeOffset? RevokedAt = null,
    [property: Id(8)] string? RevokedBy = null)
{
    public bool Revoked => RevokedAt is not null;
}

/// <summary>The roles bearer keys are for, shared by the gateway (which checks them) and the cluster (which mints them).</summary>
public static class KeyRoles
{
    /// <summary>Runs the service: every municipality, the stop switches, the dashboard.</summary>
    public const string ClusterOperator = "cluster-operator";
    /// <summary>Changes its own municipalities' configuration and keys.</summary>
    public const string MunicipalAdministrator = "municipal-administrator";
    /// <summary>A city's registry system: writes its own municipalities' records.</summary>
    public const string RegistryWriter = "registry-writer";
}

public static partial class ScopedKeys
{
    /// <summary>The one grain's key ('s' is no hex digit, so storage never reads it as a number).</summary>
    public const string GrainKey = "scoped-keys";

    /// <summary>A minted key is for named cities: never a cluster operator's, never "*" (those stay in the gateway's key file).</summary>
    public static readonly IReadOnlyList<string> MintableRoles = [KeyRoles.MunicipalAdministrator, KeyRoles.RegistryWriter];

    public const int MaxMunicipalities = 50;

    public const string LabelRule = "1 to 64 ASCII letters, digits, spaces, '.', '_', ':' or '-', naming a system (never a person)";

    public const string UnknownCode = "scoped-key-unknown";

    /// <summary>The presented key was minted and then revoked.</summary>
    public const string RevokedCode = "key-revoked";

    public static string IdOf(string hash) => hash[..16];

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Why <paramref name="request"/> cannot be minted, or null when it can (the gateway says it; the grain checks it again).</summary>
    public static string? Problem(ScopedKeyRequest request)
    {
        if (!HashPattern().IsMatch(request.Hash ?? "")) return "The hash is the secret's SHA-256 in lowercase hex.";
        if (!MintableRoles.Contains(request.Role)) return $"role must be one of {string.Join(", ", MintableRoles)}.";
        if (request.Municipalities is not { Count: > 0 and <= MaxMunicipalities } codes || codes.Distinct().Count() != codes.Count
            || !codes.All(ResidentKey.IsValidMunicipalityCode))
            return $"municipalities must be 1 to {MaxMunicipalities} distinct 6-digit 全国地方公共団体コード (a minted key is never for *).";
        if (!LabelPattern().IsMatch(request.Label ?? "")) return $"label must be {LabelRule}.";
        return null;
    }

    [GeneratedRegex("^[0-9a-f]{64}\\z")]
    private static partial Regex HashPattern();

    [GeneratedRegex("^[0-9a-f]{16}\\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,63}\\z")]
    private static partial Regex LabelPattern();
}
