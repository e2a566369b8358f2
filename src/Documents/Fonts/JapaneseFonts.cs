using System.Text;

namespace CertOrleans.Documents.Fonts;

/// <summary>
/// The Japanese fonts embedded in every certificate: IPAex明朝 for the text, IPAexゴシック for headings.
/// They come from Debian's fonts-ipaexfont-mincho and fonts-ipaexfont-gothic packages (installed by
/// run.sh and test.sh). A missing font is a startup error, never a certificate with boxes instead of kanji.
/// </summary>
public sealed class JapaneseFonts
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
        Faces = (new FontFace(Mincho, faces[Mincho]), new FontFace(Gothic, faces[Gothic]));
        FileDigests = faces.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Value)));
    }

    private IReadOnlyDictionary<string, string> FileDigests { get; }

    /// <summary>The SHA-256 of each font program as loaded (for the deployment record: what a certificate's glyphs come from).</summary>
    public static IReadOnlyDictionary<string, string> Digests => Instance.Value.FileDigests;

    private (FontFace Mincho, FontFace Gothic) Faces { get; }

    /// <summary>IPAex明朝 as certificates lay it out and embed it.</summary>
    public static FontFace MinchoFace => Instance.Value.Faces.Mincho;

    /// <summary>IPAexゴシック as certificates lay it out and embed it.</summary>
    public static FontFace GothicFace => Instance.Value.Faces.Gothic;

    /// <summary>Loads the fonts once: a missing font fails here, at start, not in the first certificate.</summary>
    public static void EnsureLoaded() => _ = Instance.Value;

    /// <summary>The font program of <see cref="Mincho"/> or <see cref="Gothic"/> as installed (null for another name).</summary>
    public static byte[]? Program(string name) => Instance.Value.faces.GetValueOrDefault(name);

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
        return new JapaneseFonts(faces);
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
}
