namespace CertOrleans.Contracts.Journal;

/// <summary>
/// A read of personal data outside a kiosk flow, as the journal records it before the data is handed out: who (the
/// key's or staff account's name and role), which read, and the purpose they stated. The subject is named by
/// certificate number, request id or the holder's pseudonym, never by a resident number.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.data-access")]
public sealed record DataAccess(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Role,
    [property: Id(2)] string Read,
    [property: Id(3)] string Purpose);

/// <summary>The reads of personal data that are recorded.</summary>
public static class DataReads
{
    /// <summary>Who obtained a certificate (re-identifies a holder).</summary>
    public const string HolderLookup = "holder-lookup";
    /// <summary>What was issued to a resident, or on a card's holder.</summary>
    public const string Issuances = "issuances";
    /// <summary>A request found by certificate number or request id (console search and detail).</summary>
    public const string RequestSearch = "request-search";
    /// <summary>The 本籍地 registrations pending or decided.</summary>
    public const string DomicileList = "domicile-list";
    /// <summary>The journal exported, or a deletion statement with its proof.</summary>
    public const string JournalExport = "journal-export";
}

/// <summary>The purposes a reader may state: each is a reason a city's rules allow such a read for.</summary>
public static class AccessPurposes
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["resident-request"] = "本人からの求め",
        ["misuse-investigation"] = "不正利用の調査",
        ["incident-response"] = "障害・事故への対応",
        ["audit"] = "監査",
        ["legal-inquiry"] = "法令に基づく照会",
        ["registration-review"] = "利用登録の審査",
    };

    public static bool IsKnown(string? purpose) => purpose is not null && Names.ContainsKey(purpose);

    public static string Describe => string.Join(", ", Names.Keys);
}

/// <summary>The body of a <see cref="JournalKinds.PersonalDataRead"/> entry.</summary>
public sealed record AccessBody(string Actor, string Role, string Read, string Purpose, string Subject);
