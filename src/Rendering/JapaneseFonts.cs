using System.Text;
using PdfSharp.Fonts;

namespace CertOrleans.Rendering;

/// <summary>
/// The Japanese fonts embedded in every certificate: IPAex明朝 for the text, IPAexゴシック for headings.
/// They come from Debian's fonts-ipaexfont-mincho and fonts-ipaexfont-gothic packages (installed by
/// run.sh and test.sh). A missing font is a startup error, never a certificate with boxes instead of kanji.
/// </summary>
public sealed class JapaneseFonts : IFontResolver
{
    public const string Mincho = "IPAexMincho";
    public const string Gothic = "IPAexGothic";

    private static readonly string[] SearchDirectories =
    [
        "/usr/share/fonts/opentype/ipaexfont-mincho",
        "/usr/share/fonts/opentype/ipaexfont-gothic",
        "/usr/share/fonts/truetype/ipaexfont-mincho",
        "/usr/share/fonts/truetype/ipaexfont-gothic",
    ];

    private static readonly Lazy<JapaneseFonts> Instance = new(Load);
    private readonly Dictionary<string, byte[]> faces;

    private JapaneseFonts(Dictionary<string, byte[]> faces)
    {
        this.faces = faces;
        Faces = (new Pdf.FontFace(Mincho, faces[Mincho]), new Pdf.FontFace(Gothic, faces[Gothic]));
        FileDigests = faces.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Value)));
    }

    private IReadOnlyDictionary<string, string> FileDigests { get; }

    /// <summary>The SHA-256 of each font program as loaded (for the deployment record: what a certificate's glyphs come from).</summary>
    public static IReadOnlyDictionary<string, string> Digests => Instance.Value.FileDigests;

    private (Pdf.FontFace Mincho, Pdf.FontFace Gothic) Faces { get; }

    /// <summary>IPAex明朝 as certificates lay it out and embed it.</summary>
    public static Pdf.FontFace MinchoFace => Instance.Value.Faces.Mincho;

    /// <summary>IPAexゴシック as certificates lay it out and embed it.</summary>
    public static Pdf.FontFace GothicFace => Instance.Value.Faces.Gothic;

    /// <summary>Loads the fonts once and installs them as PDFsharp's process-wide font resolver (for reports).</summary>
    public static void EnsureInstalled() => _ = Instance.Value;

    private static JapaneseFonts Load()
    {
        var directories = Environment.GetEnvironmentVariable("CERTORLEANS_FONT_DIR") is { Length: > 0 } custom
            ? [custom, .. SearchDirectories]
            : SearchDirectories;
        var faces = new Dictionary<string, byte[]>
        {
            [Mincho] = Read(directories, "ipaexm.ttf", "fonts-ipaexfont-mincho"),
            [Gothic] = Read(directories, "ipaexg.ttf", "fonts-ipaexfont-gothic"),
        };
        var fonts = new JapaneseFonts(faces);
        GlobalFontSettings.FontResolver = fonts;
        return fonts;
    }

    private static byte[] Read(string[] directories, string file, string package)
    {
        foreach (var directory in directories)
        {
            var path = Path.Combine(directory, file);
            if (File.Exists(path)) return File.ReadAllBytes(path);
        }
        throw new FileNotFoundException(
            $"Japanese font '{file}' not found in {string.Join(", ", directories)}. Install the Debian package {package} (run.sh and test.sh do) or set CERTORLEANS_FONT_DIR.");
    }

    /// <summary>Whether both faces have a glyph for <paramref name="codePoint"/> (𠮟, U+20B9F, among the 304 beyond the BMP): what can be printed as text.</summary>
    public static bool Covers(int codePoint) =>
        Rune.IsValid(codePoint) && MinchoFace.GlyphOf(codePoint) != 0 && GothicFace.GlyphOf(codePoint) != 0;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        faces.ContainsKey(familyName) ? new FontResolverInfo(familyName) : null;

    public byte[]? GetFont(string faceName) => faces.GetValueOrDefault(faceName);
}
