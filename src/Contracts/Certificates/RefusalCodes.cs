namespace CertOrleans.Contracts.Certificates;

/// <summary>
/// Stable codes for the reasons a certificate may not be issued at a store. They are recorded in the
/// request's lifecycle record and returned to the terminal, which maps them to a kiosk message.
/// Codes marked sensitive must be shown to the resident with a neutral message (an onlooker may read the screen).
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
    public const string FamilyRegisterElsewhere = "refused-family-register-elsewhere";
    public const string FamilyRegisterPending = "refused-family-register-pending";
    /// <summary>A foreign resident's 在留期間 has ended: the registry may not yet show an extension, so the counter decides.</summary>
    public const string PeriodOfStayExpired = "refused-period-of-stay-expired";
    /// <summary>A household certificate while a member's 在留期間 has ended.</summary>
    public const string HouseholdPeriodOfStayExpired = "refused-household-period-of-stay-expired";
    /// <summary>本籍地 issuance without an approved registration made with this card (or one the 本籍地's register no longer bears out).</summary>
    public const string DomicileNotRegistered = "refused-domicile-not-registered";

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
