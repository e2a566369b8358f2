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

    /// <summary>Refusals whose reason must not be displayed at the kiosk.</summary>
    public static bool IsSensitive(string code) => code is SupportMeasures;
}
