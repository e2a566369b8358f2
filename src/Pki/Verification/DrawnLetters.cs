using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Graphics.Operations.TextState;
using UglyToad.PdfPig.Tokens;
using CertOrleans.Documents.Fonts;

namespace CertOrleans.Pki.Verification;

/// <summary>
/// What each letter on a page looks like, beside what a text extractor reads from it. The extractor takes a letter's
/// character from the font's ToUnicode map, which anyone can write; a reader sees the glyph the font program draws.
/// So each letter's glyph is compared with the certificate font's glyph for the character it claims
/// (<see cref="EmbeddedFontProgram.Draws"/>), and it must be filled (not invisible, not outlined), at a size a
/// certificate prints, as wide as that glyph's advance. A font that is not a certificate font in the form the renderer
/// embeds it (Type 0, Identity-H, a CID TrueType program with the identity glyph map) has no letter that matches.
/// </summary>
internal sealed class DrawnLetters(PdfDocument document, IReadOnlyDictionary<IndirectReference, byte[]> streams)
{
    /// <summary>The sizes certificates print text at (7 pt captions to the 20 pt title), with room for the seal's.</summary>
    private const double MinPointSize = 6, MaxPointSize = 24;

    /// <summary>How far (points) a letter's advance may differ from its glyph's: the PDF's widths are whole thousandths of an em.</summary>
    private const double AdvanceTolerance = 0.05;

    /// <summary>How far (points) a glyph's box on the page may be from its outline's box at the letter's size.</summary>
    private const double GlyphBoxTolerance = 0.5;

    private static readonly NameToken Resources = NameToken.Create("Resources"), Font = NameToken.Create("Font"), Subtype = NameToken.Create("Subtype"),
        Encoding = NameToken.Create("Encoding"), DescendantFonts = NameToken.Create("DescendantFonts"), BaseFont = NameToken.Create("BaseFont"),
        CidToGidMap = NameToken.Create("CIDToGIDMap"), FontDescriptor = NameToken.Create("FontDescriptor"), FontFile2 = NameToken.Create("FontFile2");

    // One entry per font object the pages use; null when it is not a certificate font.
    private readonly Dictionary<object, (EmbeddedFontProgram Program, FontFace Face)?> fonts = [];

    /// <summary>For each letter of the page, in the order <see cref="Page.Letters"/> holds them, why it does not look like its character, or null.</summary>
    /// <returns>Null when the page's text cannot be followed letter by letter (text drawn from a form): the page then does not match.</returns>
    public IReadOnlyList<string?>? Problems(Page page)
    {
        var shown = ShownCodes(page);
        if (shown.Count != page.Letters.Count) return null;
        var problems = new string?[shown.Count];
        for (var i = 0; i < shown.Count; i++) problems[i] = Problem(page.Letters[i], shown[i].Font, shown[i].Code);
        return problems;
    }

    private string? Problem(Letter letter, (EmbeddedFontProgram Program, FontFace Face)? font, int code)
    {
        if (font is not var (program, face)) return "is drawn in a font that is not a certificate font";
        if (letter.RenderingMode != TextRenderingMode.Fill) return "is drawn in another render mode than filled";
        if (Rune.DecodeFromUtf16(letter.Value, out var rune, out var length) != OperationStatus.Done || length != letter.Value.Length
            || !program.Draws(code, face, rune.Value))
            return "shows a glyph that is not its character";
        var glyph = face.GlyphOf(rune.Value);
        var scale = letter.PointSize / face.UnitsPerEm;
        if (letter.PointSize is < MinPointSize or > MaxPointSize || Math.Abs(letter.Width - face.Advance(glyph) * scale) > AdvanceTolerance
            || letter.StartBaseLine.Y != letter.EndBaseLine.Y || letter.EndBaseLine.X < letter.StartBaseLine.X)
            return "is not drawn at a size the layout prints";
        return Upright(letter, face.Outline(glyph), scale) ? null : "is not drawn upright at its size";
    }

    /// <summary>
    /// Whether the glyph's box on the page is its outline's box at the letter's size, standing on the baseline: a glyph
    /// mirrored, slanted or stretched by the text matrix keeps its baseline and advance but not its box.
    /// </summary>
    private static bool Upright(Letter letter, ReadOnlySpan<byte> outline, double scale)
    {
        if (outline.Length < 10) return true;  // a space draws nothing
        var (origin, box) = (letter.StartBaseLine, letter.BoundingBox);
        double Edge(ReadOnlySpan<byte> at) => BinaryPrimitives.ReadInt16BigEndian(at) * scale;
        return Math.Abs(box.Left - (origin.X + Edge(outline[2..]))) <= GlyphBoxTolerance && Math.Abs(box.Bottom - (origin.Y + Edge(outline[4..]))) <= GlyphBoxTolerance
            && Math.Abs(box.Right - (origin.X + Edge(outline[6..]))) <= GlyphBoxTolerance && Math.Abs(box.Top - (origin.Y + Edge(outline[8..]))) <= GlyphBoxTolerance;
    }

    /// <summary>The font and character code of each letter the page's own content draws, in drawing order.</summary>
    private List<((EmbeddedFontProgram, FontFace)? Font, int Code)> ShownCodes(Page page)
    {
        var shown = new List<((EmbeddedFontProgram, FontFace)?, int)>(page.Letters.Count);
        (EmbeddedFontProgram, FontFace)? font = null;
        void Show(ReadOnlySpan<byte> data)
        {
            // Identity-H: every code is two bytes, and the code is the glyph.
            for (var i = 0; i + 1 < data.Length; i += 2) shown.Add((font, data[i] << 8 | data[i + 1]));
            if (data.Length % 2 != 0) shown.Add((null, 0));
        }
        foreach (var operation in page.Operations)
        {
            switch (operation)
            {
                case SetFontAndSize set: font = FontOf(page, set.Font); break;
                case ShowText text: Show(text.Bytes.Span); break;
                case MoveToNextLineShowText text: Show(text.Bytes.Span); break;
                case MoveToNextLineShowTextWithSpacing text: Show(text.Bytes.Span); break;
                case ShowTextsWithPositioning texts:
                    foreach (var part in texts.Array)
                    {
                        if (part is StringToken s) Show(s.GetBytes());
                        else if (part is HexToken h) Show(h.Memory.Span);
                    }
                    break;
            }
        }
        return shown;
    }

    private (EmbeddedFontProgram, FontFace)? FontOf(Page page, NameToken name)
    {
        if (document.Resolve(page.Dictionary, Resources) is not DictionaryToken resources || document.Resolve(resources, Font) is not DictionaryToken named
            || !named.TryGet(name, out var reference)) return null;
        object key = reference is IndirectReferenceToken indirect ? indirect.Data : reference;
        if (!fonts.TryGetValue(key, out var font)) fonts[key] = font = Read(document.Resolve(reference) as DictionaryToken);
        return font;
    }

    /// <summary>A Type 0 font as the renderer writes it, its program and the certificate font it names; null for any other.</summary>
    private (EmbeddedFontProgram, FontFace)? Read(DictionaryToken? type0)
    {
        if (type0 is null || document.Resolve(type0, Subtype) is not NameToken { Data: "Type0" } || document.Resolve(type0, Encoding) is not NameToken { Data: "Identity-H" }
            || document.Resolve(type0, DescendantFonts) is not ArrayToken { Data.Count: 1 } descendants || document.Resolve(descendants.Data[0]) is not DictionaryToken cidFont
            || document.Resolve(cidFont, Subtype) is not NameToken { Data: "CIDFontType2" }
            || (cidFont.TryGet(CidToGidMap, out var map) && document.Resolve(map) is not NameToken { Data: "Identity" })
            || document.Resolve(cidFont, FontDescriptor) is not DictionaryToken descriptor
            || !descriptor.TryGet(FontFile2, out var file) || file is not IndirectReferenceToken { Data: var program }
            || !streams.TryGetValue(program, out var bytes) || EmbeddedFontProgram.TryRead(bytes) is not { } embedded) return null;
        // The subset's name is a tag, '+', and the font's PostScript name.
        var baseName = (document.Resolve(cidFont, BaseFont) as NameToken)?.Data ?? "";
        FontFace? face = baseName[(baseName.IndexOf('+') + 1)..] switch
        {
            JapaneseFonts.Mincho => JapaneseFonts.MinchoFace,
            JapaneseFonts.Gothic => JapaneseFonts.GothicFace,
            _ => null,
        };
        return face is null ? null : (embedded, face);
    }
}
