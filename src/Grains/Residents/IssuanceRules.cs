using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Documents.Fonts;

namespace CertOrleans.Grains.Residents;

/// <summary>The rules under which a store kiosk must refuse a certificate (see shared/domain.md, "Refusals").</summary>
public static class IssuanceRules
{
    public const int MinimumAge = 15;
    public const int MaxNameLength = 30;
    public const int MaxAddressLength = 120;

    /// <summary>Returns the refusal code, or null when the certificate may be issued on <paramref name="issueDate"/> (JST).</summary>
    public static string? Check(ResidentRecord resident, CertificateType type, DateOnly issueDate)
    {
        // Support measures first: whatever else applies, the kiosk shows the same neutral message.
        if (resident.UnderSupportMeasures) return RefusalCodes.SupportMeasures;
        if (resident.Status == ResidencyStatus.Deceased) return RefusalCodes.Deceased;
        if (resident.Status == ResidencyStatus.MovedOut) return RefusalCodes.MovedOut;
        if (resident.MoveOutFiled) return RefusalCodes.MoveOutFiled;
        if (PeriodOfStayExpired(resident, issueDate)) return RefusalCodes.PeriodOfStayExpired;
        if (resident.ResidentSince == issueDate || resident.AddressSince == issueDate) return RefusalCodes.MovedInToday;
        if (AgeOn(resident.DateOfBirth, issueDate) < MinimumAge) return RefusalCodes.UnderFifteen;
        if (resident.NonStandardCharactersPending || !IsPrintable(resident)) return RefusalCodes.UnprintableCharacters;
        return null;
    }

    /// <summary>
    /// Whether another member of the household stops a household certificate: someone about to move out, someone
    /// whose 在留期間 has ended, or someone under support measures. Members already removed (転出, 死亡) are simply not printed.
    /// </summary>
    public static string? CheckHouseholdMember(ResidentRecord member, DateOnly issueDate)
    {
        if (member.UnderSupportMeasures) return RefusalCodes.SupportMeasures;
        if (member.Status != ResidencyStatus.Resident) return null;
        if (member.MoveOutFiled) return RefusalCodes.HouseholdMoveOutPending;
        if (PeriodOfStayExpired(member, issueDate)) return RefusalCodes.HouseholdPeriodOfStayExpired;
        return null;
    }

    /// <summary>
    /// A foreign resident's 在留期間 ended before <paramref name="issueDate"/> (the 満了の日 itself is still within it). The
    /// registry may not yet show an extension applied for in time (the 特例期間), nor the end of the registration, so the
    /// store cannot tell which: the counter can, and the resident is sent there.
    /// </summary>
    public static bool PeriodOfStayExpired(ResidentRecord resident, DateOnly issueDate) =>
        resident.Foreign?.PeriodOfStayEnds is { } ends && ends < issueDate;

    /// <summary>
    /// Whether the store may issue <paramref name="applicant"/> the 戸籍個人事項証明書 of another <paramref name="member"/> of
    /// their register: their spouse or a lineal relative (戸籍法第10条), still in the register. A sibling or a step-child
    /// (recorded in the register, so entitled at the counter) and a member struck out (除籍) are the counter's.
    /// </summary>
    public static string? CheckRegisterMember(FamilyRegisterRecord register, FamilyRegisterMember applicant, FamilyRegisterMember member)
    {
        if (FamilyRegisterRelations.Of(register, applicant, member) is null) return RefusalCodes.RegisterMemberNotAllowed;
        return member.Removed ? RefusalCodes.RegisterMemberRemoved : null;
    }

    /// <summary>Every character a 戸籍 certificate of <paramref name="register"/> may print is one the fonts print, or a 外字 registered with the register.</summary>
    public static bool IsPrintable(FamilyRegisterRecord register) =>
        new[] { register.PermanentDomicile, register.HeadName }
            .Concat(register.Members.SelectMany(m => new[] { m.Name, m.Father ?? "", m.Mother ?? "", m.Relationship }
                .Concat(m.Events.SelectMany(e => new[] { e.Kind, e.Detail }))
                .Concat(m.AddressHistory.Select(a => a.Address))))
            .All(text => AllPrintable(text, register.Glyphs));

    /// <summary>
    /// The latest fiscal year (年度) whose tax certificates a store issues on <paramref name="date"/> under the default
    /// policy: the new year's from June, when the municipal tax is assessed (a city may set another date).
    /// </summary>
    public static int FiscalYearOn(DateOnly date) => Contracts.Municipalities.TaxCertificatePolicy.Default.LatestFiscalYearOn(date);

    /// <summary>
    /// Age under 年齢計算ニ関スル法律: a person attains each year of age at the end of the day before
    /// the birthday, so someone born on 1 April is 15 from 31 March onwards.
    /// </summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly date)
    {
        var reference = dateOfBirth.AddDays(-1);
        var age = date.Year - reference.Year;
        if (date < reference.AddYears(age)) age--;
        return age;
    }

    /// <summary>
    /// Every item the 住民票 may print fits and has printable characters. A name in the alphabet wraps at its spaces, so
    /// it may be longer than a name in kanji; the feed bounds it (<see cref="ForeignResidentItems.MaxAlphabetNameLength"/>).
    /// </summary>
    private static bool IsPrintable(ResidentRecord r) =>
        r.FamilyName.Length + r.GivenName.Length <= (r.Foreign is null ? MaxNameLength : ForeignResidentItems.MaxAlphabetNameLength)
        && r.Address.Length <= MaxAddressLength
        && new[] { r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana, r.Address, r.HouseholdHead, r.PermanentDomicile ?? "", r.HeadOfFamilyRegister ?? "", r.PreviousAddress ?? "" }
            .Concat(ForeignTexts(r.Foreign))
            .All(text => AllPrintable(text, r.Glyphs));

    private static IEnumerable<string> ForeignTexts(ForeignResidentItems? f) => f is null ? [] :
        new[] { f.Nationality, f.ResidenceStatus, f.PeriodOfStay ?? "", f.CommonName ?? "" }
            .Concat(f.CommonNameHistory?.Entries.SelectMany(e => new[] { e.Name, e.RecordedBy, e.DeletedBy ?? "" }) ?? []);

    /// <summary>
    /// Every character is one the fonts print (outside the BMP too), or a 外字 registered for this record. A private-use
    /// code point without a registered glyph is a 外字 not yet registered; a control character or half a surrogate pair is never printable.
    /// </summary>
    internal static bool AllPrintable(string text, RegisteredGlyphs? glyphs = null)
    {
        for (var i = 0; i < text.Length;)
        {
            // Half a surrogate pair does not decode.
            if (System.Text.Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done) return false;
            i += used;
            if (System.Text.Rune.IsControl(rune)) return false;
            if (glyphs?.For(rune.Value) is not null) continue;
            if (rune.Value is >= 0xE000 and <= 0xF8FF || !JapaneseFonts.Covers(rune.Value)) return false;
        }
        return true;
    }
}
