using System.Text.RegularExpressions;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Feed;

/// <summary>
/// Items of a foreign resident: 国籍・地域, the 第30条の45 区分 (<c>category</c>), 在留資格, 在留期間 and its 満了の日,
/// the number of the 在留カード or 特別永住者証明書, 通称 and its history.
/// </summary>
public sealed record ForeignLine(
    string Nationality,
    string? ResidenceCardNumber = null,
    string? ResidenceStatus = null,
    DateOnly? PeriodOfStayEnds = null,
    string? Category = null,
    string? PeriodOfStay = null,
    string? CommonName = null,
    IReadOnlyList<CommonNameLine>? CommonNameHistory = null);

/// <summary>One 通称 recorded (and perhaps deleted) by a municipality.</summary>
public sealed record CommonNameLine(string Name, string RecordedBy, DateOnly RecordedOn, string? DeletedBy = null, DateOnly? DeletedOn = null);

/// <summary>Validates and converts the <c>foreign</c> object of a resident line, and the name rules it brings.</summary>
public static partial class ForeignLines
{
    private const int MaxNationality = 40, MaxResidenceStatus = 30, MaxCommonName = 30, MaxMunicipalityName = 20;

    /// <summary>Why a foreign resident's line is not acceptable, or null. Messages name the field, never the value.</summary>
    public static string? Validate(ResidentLine l, ForeignLine f)
    {
        if (!string.IsNullOrWhiteSpace(l.PermanentDomicile) || !string.IsNullOrWhiteSpace(l.HeadOfFamilyRegister) || !string.IsNullOrWhiteSpace(l.FamilyRegisterNumber))
            return "foreign: a foreign resident has no permanent domicile (permanentDomicile, headOfFamilyRegister and familyRegisterNumber must be absent)";
        if (!AlphabetName().IsMatch(l.FamilyName) || (l.GivenName.Length > 0 && !AlphabetName().IsMatch(l.GivenName)))
            return "familyName and givenName of a foreign resident must be the name in the alphabet (A-Z, single spaces, hyphens, apostrophes, periods, commas)";
        if (l.FamilyName.Length + l.GivenName.Length > ForeignResidentItems.MaxAlphabetNameLength)
            return $"familyName and givenName of a foreign resident: at most {ForeignResidentItems.MaxAlphabetNameLength} characters together";
        // The カタカナ併記名 is registered on request: absent, or katakana for each part the alphabet name has.
        if (l.FamilyNameKana.Length > 0 || l.GivenNameKana.Length > 0)
        {
            if (!ResidentFile.IsKatakana(l.FamilyNameKana) || (l.GivenNameKana.Length > 0 && !ResidentFile.IsKatakana(l.GivenNameKana)))
                return "familyNameKana and givenNameKana of a foreign resident: katakana (the registered katakana name), or both empty";
            if (l.FamilyNameKana.Length + l.GivenNameKana.Length > ForeignResidentItems.MaxAlphabetNameLength)
                return $"familyNameKana and givenNameKana: at most {ForeignResidentItems.MaxAlphabetNameLength} characters together";
        }
        if (!Text(f.Nationality, MaxNationality)) return $"foreign.nationality is required (at most {MaxNationality} characters)";
        ForeignResidentCategory? category = null;
        if (f.Category is not null && (category = ForeignResidentCategories.Parse(f.Category)) is null)
            return $"foreign.category must be one of {string.Join(", ", ForeignResidentCategories.Codes)}";
        // A line without a category is read as before it was sent: a card and a 在留資格, as a 中長期在留者 has.
        var hasCard = category?.HasCard() ?? true;
        var hasStatus = category?.HasResidenceStatus() ?? true;
        if (hasCard != !string.IsNullOrEmpty(f.ResidenceCardNumber))
            return hasCard ? "foreign.residenceCardNumber is required for this category" : "foreign.residenceCardNumber: this category has no card";
        if (hasCard && !CardNumber().IsMatch(f.ResidenceCardNumber!))
            return "foreign.residenceCardNumber must be 2 capital letters, 8 digits and 2 capital letters (the card's 12 characters)";
        if (hasStatus != !string.IsNullOrEmpty(f.ResidenceStatus))
            return hasStatus ? "foreign.residenceStatus is required for this category" : "foreign.residenceStatus: this category has no residence status";
        if (hasStatus && !Text(f.ResidenceStatus, MaxResidenceStatus)) return $"foreign.residenceStatus: at most {MaxResidenceStatus} characters";
        var permanent = category == ForeignResidentCategory.SpecialPermanent;
        if (permanent && (f.PeriodOfStay is not null || f.PeriodOfStayEnds is not null))
            return "foreign.periodOfStay and periodOfStayEnds: a special permanent resident has no period of stay";
        if (f.PeriodOfStay is not null && !PeriodOfStay().IsMatch(f.PeriodOfStay))
            return "foreign.periodOfStay must be numbers of years, months and days, each followed by its unit (年, 月, 日)";
        if (f.PeriodOfStayEnds is { } ends && (ends < l.DateOfBirth || ends.Year > 2100))
            return "foreign.periodOfStayEnds is out of range";
        if (f.CommonName is not null && !Text(f.CommonName, MaxCommonName)) return $"foreign.commonName: at most {MaxCommonName} characters";
        return History(l, f.CommonNameHistory);
    }

    private static string? History(ResidentLine l, IReadOnlyList<CommonNameLine>? history)
    {
        if (history is null) return null;
        if (history.Count > CommonNameHistory.MaxEntries) return $"foreign.commonNameHistory: at most {CommonNameHistory.MaxEntries} entries";
        for (var i = 0; i < history.Count; i++)
        {
            // The serializer's nullable checks do not reach list items.
            if (history[i] is not { } e) return $"foreign.commonNameHistory[{i}]: an item is null (each must be an object)";
            if (!Text(e.Name, MaxCommonName) || !Text(e.RecordedBy, MaxMunicipalityName))
                return $"foreign.commonNameHistory[{i}]: name (at most {MaxCommonName} characters) and recordedBy (at most {MaxMunicipalityName}) are required";
            if (e.RecordedOn < l.DateOfBirth || e.RecordedOn.Year > 2100) return $"foreign.commonNameHistory[{i}].recordedOn is out of range";
            if ((e.DeletedOn is null) != (e.DeletedBy is null) || (e.DeletedBy is not null && !Text(e.DeletedBy, MaxMunicipalityName)))
                return $"foreign.commonNameHistory[{i}]: deletedBy and deletedOn come together";
            if (e.DeletedOn is { } deleted && (deleted < e.RecordedOn || deleted.Year > 2100)) return $"foreign.commonNameHistory[{i}].deletedOn cannot precede recordedOn";
        }
        return null;
    }

    public static ForeignResidentItems ToItems(ForeignLine f) => new(f.Nationality, f.ResidenceCardNumber ?? "", f.ResidenceStatus ?? "", f.PeriodOfStayEnds)
    {
        Category = ForeignResidentCategories.Parse(f.Category),
        PeriodOfStay = f.PeriodOfStay,
        CommonName = f.CommonName,
        CommonNameHistory = f.CommonNameHistory is { Count: > 0 } history
            ? new CommonNameHistory(history.Select(e => new CommonNameEntry(e.Name, e.RecordedBy, e.RecordedOn, e.DeletedBy, e.DeletedOn)).ToList())
            : null,
    };

    public static ForeignLine ToLine(ForeignResidentItems f) => new(
        f.Nationality, f.ResidenceCardNumber.Length == 0 ? null : f.ResidenceCardNumber, f.ResidenceStatus.Length == 0 ? null : f.ResidenceStatus, f.PeriodOfStayEnds,
        f.Category?.Code(), f.PeriodOfStay, f.CommonName,
        f.CommonNameHistory?.Entries.Select(e => new CommonNameLine(e.Name, e.RecordedBy, e.RecordedOn, e.DeletedBy, e.DeletedOn)).ToList());

    /// <summary>Non-blank, within <paramref name="max"/> characters, no control characters.</summary>
    private static bool Text(string? value, int max) => !string.IsNullOrWhiteSpace(value) && value.Length <= max && !value.Any(char.IsControl);

    /// <summary>Latin letters as the 在留カード prints them, words joined by single spaces or punctuation.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z'\-.,]*( [A-Za-z'\-.,]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex AlphabetName();

    [GeneratedRegex("^[A-Z]{2}[0-9]{8}[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CardNumber();

    [GeneratedRegex("^(?=.)([0-9]{1,2}年)?([0-9]{1,2}月)?([0-9]{1,3}日)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodOfStay();
}
