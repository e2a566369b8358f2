using CertOrleans.Documents.Fonts;
using PdfSharp.Fonts;

namespace CertOrleans.Rendering.Reports;

/// <summary>The certificate fonts as PDFsharp's process-wide font resolver: reports are laid out by PDFsharp.</summary>
public sealed class ReportFonts : IFontResolver
{
    private static readonly Lazy<ReportFonts> Instance = new(() =>
    {
        JapaneseFonts.EnsureLoaded();
        var fonts = new ReportFonts();
        GlobalFontSettings.FontResolver = fonts;
        return fonts;
    });

    private ReportFonts()
    {
    }

    /// <summary>Loads the fonts once and installs them for PDFsharp.</summary>
    public static void EnsureInstalled() => _ = Instance.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName is JapaneseFonts.Mincho or JapaneseFonts.Gothic ? new FontResolverInfo(familyName) : null;

    public byte[]? GetFont(string faceName) => JapaneseFonts.Program(faceName);
}
