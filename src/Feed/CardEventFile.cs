using System.Text.Json;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Feed;

/// <summary>
/// One line of a card event file: the registry's record that a card was issued (交付), reissued (再交付) or returned
/// (返納) for a resident. The card is named by its user-authentication certificate's serial, nothing else of it.
/// </summary>
public sealed record CardEventLine(
    string MunicipalityCode,
    string ResidentNumber,
    string CardSerial,
    string Event,
    long SourceVersion,
    string? ReplacesSerial = null);

/// <summary>A card event as read: the card (its grain key) and what happened to it.</summary>
public sealed record CardEventEntry(string CardSerial, CardEvent Event)
{
    public string MunicipalityCode => Event.Holder.MunicipalityCode;
}

/// <summary>Card event files (JSON Lines, one event a line), as the city's registry system sends them.</summary>
public static class CardEventFile
{
    private static readonly Dictionary<string, CardEventKind> Kinds = new(StringComparer.Ordinal)
    {
        ["issued"] = CardEventKind.Issued,
        ["reissued"] = CardEventKind.Reissued,
        ["returned"] = CardEventKind.Returned,
    };

    public static IAsyncEnumerable<(int Line, CardEventEntry? Entry, ResidentFileError? Error)> ReadAsync(TextReader reader, CancellationToken cancellationToken = default, FeedLimits? limits = null) =>
        ResidentFile.ReadLinesAsync(reader, Parse, limits ?? FeedLimits.Default, cancellationToken);

    public static (CardEventEntry? Entry, string? Error) Parse(string json)
    {
        if (ResidentFile.UnpairedSurrogate(json) is { } error) return (null, error);
        CardEventLine? line;
        try
        {
            line = JsonSerializer.Deserialize<CardEventLine>(json, ResidentFile.Json);
        }
        catch (JsonException ex)
        {
            return (null, ResidentFile.JsonError(ex));
        }
        if (line is null) return (null, "a line must be a JSON object");
        if (!ResidentKey.IsValidMunicipalityCode(line.MunicipalityCode)) return (null, "municipalityCode must be a 6-digit 全国地方公共団体コード with a valid check digit");
        if (!ResidentKey.IsValidResidentNumber(line.ResidentNumber)) return (null, "residentNumber must be 1 to 15 digits");
        if (!CardKeys.IsValidSerial(line.CardSerial)) return (null, "cardSerial must be the card certificate's serial number in hex (1 to 40 digits)");
        if (line.SourceVersion < 1) return (null, "sourceVersion must be a positive integer");
        if (!Kinds.TryGetValue(line.Event, out var kind)) return (null, "event must be issued, reissued or returned");
        if (kind == CardEventKind.Reissued)
        {
            if (!CardKeys.IsValidSerial(line.ReplacesSerial)) return (null, "replacesSerial (the previous card's serial, hex) is required for a reissue");
            if (string.Equals(line.ReplacesSerial, line.CardSerial, StringComparison.OrdinalIgnoreCase)) return (null, "replacesSerial must name another card than cardSerial");
        }
        else if (line.ReplacesSerial is not null) return (null, "replacesSerial is accepted for a reissue only");
        var holder = new ResidentKey(line.MunicipalityCode, line.ResidentNumber);
        return (new CardEventEntry(line.CardSerial.ToUpperInvariant(), new CardEvent(kind, holder, line.SourceVersion, line.ReplacesSerial?.ToUpperInvariant())), null);
    }

    public static string ToJson(CardEventEntry entry) => JsonSerializer.Serialize(new CardEventLine(
        entry.Event.Holder.MunicipalityCode, entry.Event.Holder.ResidentNumber, entry.CardSerial,
        Kinds.Single(k => k.Value == entry.Event.Kind).Key, entry.Event.SourceVersion, entry.Event.ReplacesSerial), ResidentFile.Json);
}
