using CertOrleans.Contracts.Residents;

namespace CertOrleans.Contracts.Cards;

/// <summary>
/// The link from one card's user-authentication certificate (by serial number) to the resident who holds
/// it. The certificate carries no name or address, so this mapping is ours to keep.
/// </summary>
[Alias("certorleans.card")]
public interface ICardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Links the card to <paramref name="resident"/>. A card already linked to a resident of another municipality is
    /// moved only by an actor whose <paramref name="scope"/> (municipality codes, or "*") covers that municipality too;
    /// the move is journaled in both chains. A null scope is the cluster's own (tests, the demo loader).
    /// </summary>
    [Alias("link")]
    Task Link(ResidentKey resident, string actor, IReadOnlyList<string>? scope = null);

    /// <summary>
    /// Revokes the card, refused (card-held-elsewhere) when the actor's <paramref name="scope"/> does not cover its
    /// holder's municipality: checked here, with the act, so the card cannot move between the check and the revocation.
    /// </summary>
    [Alias("revoke")]
    Task Revoke(string actor, IReadOnlyList<string>? scope = null);

    /// <summary>Ends the link to the holder (card-unknown when there is none), under the same scope rule as <see cref="Revoke"/>.</summary>
    [Alias("unlink")]
    Task Unlink(string actor, IReadOnlyList<string>? scope = null);

    /// <summary>
    /// Applies the registry's card event (issue, reissue, return), versioned per card like resident records: a newer
    /// version is applied, the same event again is a duplicate, anything else stale, and neither changes anything. A
    /// reissue revokes the card it replaces first. The link's municipality is checked as for <see cref="Link"/>.
    /// </summary>
    [Alias("apply-event")]
    Task<ApplyOutcome> ApplyEvent(CardEvent cardEvent, string actor, IReadOnlyList<string>? scope = null);

    [Alias("status"), ReadOnly]
    Task<CardStatus> GetStatus();
}

[GenerateSerializer, Immutable, Alias("certorleans.card-status")]
public sealed record CardStatus(
    [property: Id(0)] bool Known,
    [property: Id(1)] bool Revoked,
    [property: Id(2)] ResidentKey? Resident);

/// <summary>What the city's registry records of a card (交付, 再交付, 返納).</summary>
public enum CardEventKind
{
    Issued = 1,
    /// <summary>A new card for a holder whose previous one (<see cref="CardEvent.ReplacesSerial"/>) is revoked.</summary>
    Reissued = 2,
    /// <summary>The card was handed back (返納): the link ends.</summary>
    Returned = 3,
}

/// <summary>One card event of the registry feed, for the card the grain is.</summary>
/// <param name="ReplacesSerial">For a reissue: the previous card's certificate serial (hex).</param>
[GenerateSerializer, Immutable, Alias("certorleans.card-event")]
public sealed record CardEvent(
    [property: Id(0)] CardEventKind Kind,
    [property: Id(1)] ResidentKey Holder,
    [property: Id(2)] long SourceVersion,
    [property: Id(3)] string? ReplacesSerial = null);

public static class CardKeys
{
    /// <summary>A card certificate serial as the APIs take it: 1 to 40 hex digits.</summary>
    public static bool IsValidSerial(string? serial) =>
        serial is { Length: > 0 and <= 40 } && serial.All(char.IsAsciiHexDigit);

    /// <summary>Grain key for a card certificate serial (hex, as X509Certificate2.SerialNumber gives it).</summary>
    public static string ForSerial(string serialHex) => $"card-{serialHex.ToUpperInvariant()}";

    /// <summary>The serial (hex) of a key made by <see cref="ForSerial"/>.</summary>
    public static string Parse(string grainKey) =>
        grainKey.StartsWith("card-", StringComparison.Ordinal) && grainKey.Length > 5 ? grainKey[5..] : throw new FormatException($"'{grainKey}' is not a card grain key.");
}
