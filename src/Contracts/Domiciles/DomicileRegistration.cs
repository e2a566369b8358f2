using System.Text;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Contracts.Domiciles;

/// <summary>
/// What the residence city's record says of an applicant for 本籍地 issuance: the 本籍地 city matches it against
/// its own 戸籍 (the register named by 本籍 and 筆頭者, a living member with this given name and birth date).
/// Personal data: held sealed in the registration grain and never logged.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.domicile-particulars")]
public sealed record DomicileParticulars(
    [property: Id(0)] string FamilyName,
    [property: Id(1)] string GivenName,
    [property: Id(2)] DateOnly DateOfBirth,
    [property: Id(3)] string PermanentDomicile,
    [property: Id(4)] string HeadOfFamilyRegister)
{
    /// <summary>The particulars of a resident record, or null when it names no 本籍 (foreign residents).</summary>
    public static DomicileParticulars? Of(ResidentRecord record) =>
        string.IsNullOrWhiteSpace(record.PermanentDomicile) || string.IsNullOrWhiteSpace(record.HeadOfFamilyRegister)
            ? null
            : new(record.FamilyName, record.GivenName, record.DateOfBirth, record.PermanentDomicile, record.HeadOfFamilyRegister);

    /// <summary>The same person and register, whatever the spacing or width of the characters either side wrote.</summary>
    public bool SameAs(DomicileParticulars other) =>
        Same(FamilyName, other.FamilyName) && Same(GivenName, other.GivenName) && DateOfBirth == other.DateOfBirth
        && SameRegister(other.PermanentDomicile, other.HeadOfFamilyRegister);

    /// <summary>Whether a register with this 本籍 and 筆頭者 is the one these particulars name.</summary>
    public bool SameRegister(string permanentDomicile, string headName) =>
        RegisterName(PermanentDomicile, HeadOfFamilyRegister) == RegisterName(permanentDomicile, headName);

    /// <summary>
    /// Whether a register with this 本籍 and 筆頭者 is the one these particulars name, the numbers in either 本籍 read
    /// alike however written (「三丁目二十四番地」 and 「3丁目24番地」): what staff who name a register may set aside.
    /// </summary>
    public bool SameRegisterAsWritten(string permanentDomicile, string headName) =>
        Normalize(FoldNumerals(PermanentDomicile)) == Normalize(FoldNumerals(permanentDomicile)) && Same(HeadOfFamilyRegister, headName);

    /// <summary>
    /// Whether the applicant's 氏 is the register's: the 筆頭者's, written before the space of 「氏　名」. Everyone in a
    /// 戸籍 bears its 氏, so a given name and birth date alone must not match a stranger's register.
    /// </summary>
    public bool SameFamilyName(string headName)
    {
        var space = headName.IndexOfAny([' ', '　', '\t']);
        return space > 0 && Same(FamilyName, headName[..space]);
    }

    /// <summary>Kanji numerals as digits: 「二十四」 → 「24」, 「一〇五」 → 「105」; other text as it is.</summary>
    public static string FoldNumerals(string text)
    {
        const string digits = "〇一二三四五六七八九";
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var end = i;
            while (end < text.Length && (digits.Contains(text[end]) || text[end] is '十' or '百' or '千')) end++;
            if (end == i) { builder.Append(text[i++]); continue; }
            var run = text[i..end];
            long total = 0, current = 0;
            var positional = run.IndexOfAny(['十', '百', '千']) < 0;
            foreach (var c in run)
            {
                var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
                if (unit == 0) current = positional ? current * 10 + digits.IndexOf(c) : digits.IndexOf(c);
                else { total += (current == 0 ? 1 : current) * unit; current = 0; }
            }
            builder.Append(total + current);
            i = end;
        }
        return builder.ToString();
    }

    /// <summary>What names one 戸籍: its 本籍 and 筆頭者, normalised (the register lookup is keyed by it).</summary>
    public static string RegisterName(string permanentDomicile, string headName) => $"{Normalize(permanentDomicile)}\n{Normalize(headName)}";

    /// <summary>Compared after NFKC and without spaces: the registry and the 戸籍 system write 「鈴木　一郎」 and 「鈴木 一郎」 alike.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
            if (!char.IsWhiteSpace(c)) builder.Append(c);
        return builder.ToString();
    }

    public static bool Same(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}

/// <summary>Where a registration for 本籍地 issuance stands.</summary>
[GenerateSerializer]
public enum DomicileRegistrationStatus
{
    /// <summary>In the 本籍地 city's queue, waiting for staff.</summary>
    Pending = 1,
    /// <summary>Matched and approved: the holder may order that city's 戸籍 certificates with the card they registered with.</summary>
    Approved = 2,
    Rejected = 3,
    /// <summary>Ended by a 転籍, a revoked card, or staff: a new registration is needed.</summary>
    Ended = 4,
}

/// <summary>How a city decides registrations for 本籍地 issuance (by name in JSON, whatever the reader's options).</summary>
[GenerateSerializer, System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DomicileRegistrationPolicy>))]
public enum DomicileRegistrationPolicy
{
    /// <summary>The city does not take registrations (and so offers no 本籍地 issuance).</summary>
    NotOffered = 0,
    /// <summary>Every registration waits for staff.</summary>
    StaffApproval = 1,
    /// <summary>A registration that matches exactly one living member of one register is approved at once; any other waits for staff.</summary>
    Automatic = 2,
}

/// <summary>
/// One resident's registration for 本籍地 issuance (利用登録): made with one card, for one 本籍地 city, matched to one
/// of its registers. Only the card it was made with can use it.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.domicile-registration-record")]
public sealed record DomicileRegistration
{
    [Id(0)] public required ResidentKey Applicant { get; init; }
    [Id(1)] public required string DomicileCode { get; init; }
    [Id(2)] public required string CardKey { get; init; }
    [Id(3)] public required DomicileParticulars Particulars { get; init; }
    [Id(4)] public required DomicileRegistrationStatus Status { get; init; }
    [Id(5)] public required DateTimeOffset AppliedAt { get; init; }
    /// <summary>The register the 本籍地 city matched the applicant to, once approved.</summary>
    [Id(6)] public string? RegisterNumber { get; init; }
    [Id(7)] public DateTimeOffset? DecidedAt { get; init; }
    /// <summary>A staff account, or <see cref="AutomaticPolicy"/>.</summary>
    [Id(8)] public string? DecidedBy { get; init; }
    /// <summary>Why it was rejected or ended (a stable code).</summary>
    [Id(9)] public string? Reason { get; init; }

    public const string AutomaticPolicy = "automatic-policy";

    public bool Active => Status is DomicileRegistrationStatus.Pending or DomicileRegistrationStatus.Approved;

    /// <summary>The status as the kiosk and the admin API spell it: pending, approved, rejected, ended.</summary>
    public string StatusCode => Status.ToString().ToLowerInvariant();

    /// <summary>Whether a request authenticated with <paramref name="cardKey"/> may order the 本籍地 city's certificates through it.</summary>
    public bool UsableWith(string cardKey) => Status == DomicileRegistrationStatus.Approved && RegisterNumber is not null && CardKey == cardKey;
}

/// <summary>Stable codes of why a registration was refused, rejected or ended (also the problem codes of the admin and terminal APIs).</summary>
public static class DomicileReasons
{
    public const string NotPending = "domicile-not-pending";
    public const string Unknown = "domicile-registration-unknown";
    public const string NoDomicile = "domicile-none";
    public const string NotServed = "domicile-not-served";
    public const string OwnMunicipality = "domicile-own-municipality";
    public const string NoMatch = "domicile-no-match";
    public const string RejectedByStaff = "domicile-rejected";
    public const string Transferred = "domicile-transferred";
    public const string CardRevoked = "domicile-card-revoked";
    public const string OtherCard = "domicile-other-card";
    public const string EndedByStaff = "domicile-ended";
}
