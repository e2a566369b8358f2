using System.Security.Cryptography;
using CertOrleans.Documents.Fonts;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Rendering.Pdf;

/// <summary>An image stored once in a document, by the name pages draw it with and the fingerprint the content signs.</summary>
internal sealed record DocumentImage(string Name, string Fingerprint, PngImage Image);

/// <summary>
/// What the pages of one certificate share, and the PDF file they become: the two fonts with the glyphs drawn from
/// each, the images, and the background. Everything fixed (the background's streams, the fonts' tables and
/// metrics) is prepared once per process; a document writes its pages, the glyphs and images they use, and the
/// document information that carries the verification code and the signed content.
/// </summary>
internal sealed class CertificateDocument
{
    private readonly Dictionary<string, DocumentImage> images = new(StringComparer.Ordinal);

    public CertificateDocument()
    {
        Gothic = new TextFont("/F0", new FontSubset(JapaneseFonts.GothicFace));
        Mincho = new TextFont("/F1", new FontSubset(JapaneseFonts.MinchoFace));
    }

    public TextFont Gothic { get; }

    public TextFont Mincho { get; }

    /// <summary>The image of a PNG, stored once however many times it is drawn (a 外字 used twice).</summary>
    public DocumentImage Image(byte[] png)
    {
        var key = Convert.ToHexString(SHA256.HashData(png));
        if (images.TryGetValue(key, out var stored)) return stored;
        var image = PngImage.Read(png);
        stored = new DocumentImage($"/I{images.Count}", SignedContent.ImageFingerprint(image.Decoding, image.Data, image.MaskDecoding, image.Mask ?? []), image);
        images[key] = stored;
        return stored;
    }

    /// <summary>The PDF: catalog, pages, fonts, images, background and the document information.</summary>
    public byte[] Write(IReadOnlyList<(PdfOutput Content, IReadOnlyCollection<string> Images)> pages, IReadOnlyList<(string Key, string Value)> information)
    {
        var file = new PdfFile(24 * 1024 + pages.Sum(p => p.Content.Length / 3));
        var (catalog, tree, info) = (file.Reserve(), file.Reserve(), file.Reserve());
        var background = AntiCopyBackground.Write(file);
        var fonts = FormattableString.Invariant($"/Font<<{Gothic.Resource} {WriteFont(file, Gothic.Subset)} 0 R{Mincho.Resource} {WriteFont(file, Mincho.Subset)} 0 R>>");
        var imageObjects = images.Values.ToDictionary(i => i.Name, i => WriteImage(file, i.Image));
        var kids = new List<int>();
        foreach (var (content, drawn) in pages)
        {
            var (page, stream) = (file.Reserve(), file.Reserve());
            var objects = string.Concat(drawn.Select(name => FormattableString.Invariant($"{name} {imageObjects[name]} 0 R")));
            file.Object(page, FormattableString.Invariant(
                $"<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 {CertificatePage.PageWidth} {CertificatePage.PageHeight}]/Resources<<{fonts}/XObject<<{PageContent.BackgroundResource} {background} 0 R{objects}>>>>/Contents {stream} 0 R>>"));
            file.Stream(stream, "/Filter/FlateDecode", content.Deflated());
            kids.Add(page);
        }
        file.Object(tree, FormattableString.Invariant($"<</Type/Pages/Count {kids.Count}/Kids[{string.Join(" ", kids.Select(k => FormattableString.Invariant($"{k} 0 R")))}]>>"));
        file.Object(catalog, FormattableString.Invariant($"<</Type/Catalog/Pages {tree} 0 R>>"));
        file.Object(info, "<<" + string.Concat(information.Select(e => $"/{e.Key}{PdfFile.Text(e.Value)}")) + ">>");
        return file.Finish(catalog, info);
    }

    /// <summary>A Type 0 font over a CID-keyed TrueType subset, with the widths and the ToUnicode map; answers the Type 0 font's object.</summary>
    private static int WriteFont(PdfFile file, FontSubset subset)
    {
        var face = subset.Face;
        var name = subset.BaseFont();
        var (type0, cidFont, descriptor, program, toUnicode) = (file.Reserve(), file.Reserve(), file.Reserve(), file.Reserve(), file.Reserve());
        file.Object(type0, FormattableString.Invariant($"<</Type/Font/Subtype/Type0/BaseFont/{name}-Identity-H/Encoding/Identity-H/DescendantFonts[{cidFont} 0 R]/ToUnicode {toUnicode} 0 R>>"));
        var widths = new PdfOutput(8 * 1024);
        subset.WriteWidths(widths);
        file.Object(cidFont, FormattableString.Invariant($"<</Type/Font/Subtype/CIDFontType2/BaseFont/{name}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor {descriptor} 0 R/CIDToGIDMap/Identity/W{System.Text.Encoding.ASCII.GetString(widths.Written)}>>"));
        // Flags 4, symbolic: the font's glyphs lie outside the standard Latin set.
        var box = string.Join(" ", face.BoundingBox.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        file.Object(descriptor, FormattableString.Invariant($"<</Type/FontDescriptor/FontName/{name}/Flags 4/FontBBox[{box}]/ItalicAngle 0/Ascent {face.PdfAscent}/Descent {-face.PdfDescent}/CapHeight {face.CapHeight}/XHeight {face.XHeight}/StemV 0/FontFile2 {program} 0 R>>"));
        var font = subset.FontProgram();
        file.Stream(program, FormattableString.Invariant($"/Length1 {font.Length}/Filter/FlateDecode"), PdfOutput.Deflate(font, fast: true));
        file.Stream(toUnicode, "/Filter/FlateDecode", PdfOutput.Deflate(subset.ToUnicode()));
        return type0;
    }

    private static int WriteImage(PdfFile file, PngImage image)
    {
        int? mask = null;
        if (image.Mask is { } alpha)
        {
            mask = file.Reserve();
            file.Stream(mask.Value, image.MaskDictionary, alpha);
        }
        var number = file.Reserve();
        file.Stream(number, image.Dictionary(mask), image.Data);
        return number;
    }
}
