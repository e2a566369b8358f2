namespace CertOrleans.Gateway.Languages;

/// <summary>
/// One message in every language the kiosk speaks. The constructor is positional, so a row cannot leave a
/// language out; the completeness tests check that no text is blank and that every stable code has a row.
/// </summary>
public sealed record Translations(string Ja, string En, string Zh, string Ko, string Pt, string Es)
{
    public string In(KioskLanguage language) => language switch
    {
        KioskLanguage.Japanese => Ja,
        KioskLanguage.English => En,
        KioskLanguage.Chinese => Zh,
        KioskLanguage.Korean => Ko,
        KioskLanguage.Portuguese => Pt,
        KioskLanguage.Spanish => Es,
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };
}
