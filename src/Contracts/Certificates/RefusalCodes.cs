namespace CertOrleans.Contracts.Certificates;

/// <summary>
/// Stable codes for the reasons a certificate may not be issued at a store. They are recorded in the
/// request's lifecycle record and returned to the terminal, which maps them to a kiosk message.
/// Codes marked sensitive must be shown to the resident with a neutral message (an onlooker may read the screen).
/// Each code's message, in every kiosk language, is in the gateway's Languages/RefusalTexts (a test fails until it is).
/// </summary>
public static class RefusalCodes
{
    public const string SupportMeasures = "refused-support-measures";
    public const string MovedOut = "refused-moved-out";
    public const string MoveOutFiled = "refused-move-out-filed";
    public const string Deceased = "refused-deceased";
    public const string MovedInToday = "refused-moved-in-today";
    public const string UnderFifteen = "refused-under-15";
    public const string UnprintableCharacters = "refused-unprintable-characters";
    public const string NotOffered = "refused-not-offered";
    public const string HouseholdMoveOutPending = "refused-household-move-out-pending";
    public const string SealNotRegistered = "refused-seal-not-registered";
    public const string SealAbolished = "refused-seal-abolished";
    public const string TaxDataAbsent = "refused-tax-data-absent";
    /// <summary>A fiscal year the city does not offer at stores (older than its window, or not yet switched to).</summary>
    public const string FiscalYearNotOffered = "refused-fiscal-year-not-offered";
    /// <summary>非課税証明書 for a resident whose 住民税 of that year is levied.</summary>
    public const string NotTaxExempt = "refused-not-tax-exempt";
    /// <summary>納税証明書 while tax of that year is unpaid, where the city issues only certificates of tax paid in full.</summary>
    public const string TaxUnpaid = "refused-tax-unpaid";
    public const string FamilyRegisterElsewhere = "refused-family-register-elsewhere";
    public const string FamilyRegisterPending = "refused-family-register-pending";
    /// <summary>A foreign resident's 在留期間 has ended: the registry may not yet show an extension, so the counter decides.</summary>
    public const string PeriodOfStayExpired = "refused-period-of-stay-expired";
    /// <summary>A household certificate while a member's 在留期間 has ended.</summary>
    public const string HouseholdPeriodOfStayExpired = "refused-household-period-of-stay-expired";
    /// <summary>本籍地 issuance without an approved registration made with this card (or one the 本籍地's register no longer bears out).</summary>
    public const string DomicileNotRegistered = "refused-domicile-not-registered";
    /// <summary>戸籍個人事項 of another member: the store issues it for the applicant's spouse or lineal relative only (a sibling, a step-child: the counter).</summary>
    public const string RegisterMemberNotAllowed = "refused-register-member-not-allowed";
    /// <summary>戸籍個人事項 of another member who was struck out of the register (除籍): the counter only.</summary>
    public const string RegisterMemberRemoved = "refused-register-member-removed";
    /// <summary>The register changed after the menu listed its members: the kiosk starts again with the new list.</summary>
    public const string RegisterChanged = "refused-register-changed";

    /// <summary>
    /// What the terminal is told instead of a sensitive reason: the store's systems never learn that a
    /// resident is under support measures; only the request's lifecycle record keeps the real code.
    /// </summary>
    public const string ContactOffice = "refused-contact-office";

    /// <summary>Refusals whose reason must not leave the issuance server.</summary>
    public static bool IsSensitive(string code) => code is SupportMeasures;

    /// <summary>The code the terminal may see for a refusal.</summary>
    public static string ForTerminal(string code) => IsSensitive(code) ? ContactOffice : code;
}
