using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;
using CertOrleans.Documents.Fonts;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Pki.Verification;

/// <summary>
/// What a verifier reads from a certificate PDF: its verification code, its printed text (what version-1 codes
/// sign), and for version-2 codes the signed content it carries and whether the pages show exactly that content.
/// </summary>
/// <param name="PageMismatch">Null when the pages show exactly <paramref name="SignedContent"/>; otherwise which signed item
/// (by its name, never its value) the pages do not match, or that the pages show something the content does not hold.</param>
public sealed record CertificateReading(string? VerificationCode, string Content, int PageCount, string? SignedContent = null, string? PageMismatch = null);

/// <summary>Reads a certificate PDF the way any recipient could, with a PDF text extractor.</summary>
public static class PdfCertificateReader
{
    /// <exception cref="InvalidDataException">The bytes are not a readable PDF.</exception>
    /// <exception cref="FileNotFoundException">The certificate fonts are not installed (see <see cref="JapaneseFonts"/>).</exception>
    /// <exception cref="PdfLimitExceededException">The PDF goes beyond <paramref name="limits"/> (by default <see cref="PdfLimits.Default"/>).</exception>
    public static CertificateReading Read(byte[] pdf, PdfLimits? limits = null)
    {
        limits ??= PdfLimits.Default;
        // The certificate fonts the glyphs are compared with, loaded once per process: a verifier without them says
        // so here (FileNotFoundException naming the package), not that every PDF is unreadable.
        _ = JapaneseFonts.MinchoFace;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using var document = PdfDocument.Open(pdf);
            var streams = limits.Check(document, clock);
            var code = InfoString(document, VerificationCode.PdfInfoName);
            var pages = new List<Page>();
            foreach (var page in document.GetPages())
            {
                limits.CheckTime(clock);
                pages.Add(page);
            }
            var text = string.Concat(pages.Select(p => p.Text));
            var signed = DecodeContent(InfoString(document, SignedContent.PdfInfoName));
            if (signed is null) return new CertificateReading(code, text, pages.Count, null, "the PDF carries no signed content");
            var mismatch = SignedContent.TryDecode(signed, out var items)
                ? PrintedContent.FirstMismatch(items, pages, new DrawnLetters(document, streams), new DrawnImages(document))
                : "the signed content cannot be read";
            return new CertificateReading(code, text, pages.Count, signed, mismatch);
        }
        catch (Exception ex) when (ex is not InvalidDataException and not PdfLimitExceededException)
        {
            throw new InvalidDataException($"Not a readable PDF ({ex.GetType().Name}).", ex);
        }
    }

    private static string? InfoString(PdfDocument document, string name) =>
        document.Information.DocumentInformationDictionary?.Data.TryGetValue(name, out var token) == true
            ? token switch
            {
                StringToken s => s.Data,
                HexToken h => h.Data,
                _ => null,
            }
            : null;

    private static string? DecodeContent(string? base64)
    {
        if (base64 is null) return null;
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// Matches the signed items against what the pages actually show: every letter and image, in order, in its place,
/// each letter drawn as its character's glyph in its item's colour (<see cref="DrawnLetters"/>), each image with its
/// colours and decoding (<see cref="DrawnImages"/>).
/// </summary>
internal static class PrintedContent
{
    /// <summary>How far (points) a letter's baseline or an image may sit outside its signed box: rounding and glyph metrics.</summary>
    private const double Tolerance = 2;

    /// <summary>How far each part of a letter's colour may be from its item's ink: the PDF writes colours to four decimals.</summary>
    private const double InkTolerance = 0.01;

    public static string? FirstMismatch(IReadOnlyList<ContentItem> items, IReadOnlyList<Page> pages, DrawnLetters drawn, DrawnImages images)
    {
        var letters = new List<(int Page, double X, double Y, string Value, Letter Letter, string? Problem)>();
        foreach (var page in pages)
        {
            if (drawn.Problems(page) is not { } problems) return $"page {page.Number} draws text the check cannot follow letter by letter";
            letters.AddRange(page.Letters.Select((l, i) => (page.Number, (l.StartBaseLine.X + l.EndBaseLine.X) / 2, page.Height - l.StartBaseLine.Y, l.Value, l, problems[i])));
        }
        // Registered 外字 are drawn as images (signed below, by fingerprint and place): their characters show no letter.
        var glyphs = items.Select(i => i.GlyphCodePoint).OfType<int>().ToHashSet();
        var next = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.IsImage || item.Page > pages.Count) continue;
            var expected = glyphs.Count == 0 ? item.Value : string.Concat(item.Value.EnumerateRunes().Where(r => !glyphs.Contains(r.Value)).Select(r => r.ToString()));
            var ink = ItemInk.Of(item.Name);
            var shown = new System.Text.StringBuilder();
            while (shown.Length < expected.Length)
            {
                if (next == letters.Count) return $"item {i + 1} ({item.Name}) is missing from the pages";
                var letter = letters[next++];
                if (letter.Page != item.Page || !item.Box.Contains(letter.X, letter.Y, Tolerance)) return $"item {i + 1} ({item.Name}) is not where it was signed";
                if (letter.Problem is { } problem) return $"a letter of item {i + 1} ({item.Name}) {problem}";
                var (r, g, b) = letter.Letter.FillColor.ToRGBValues();
                if (Math.Abs(r - ink.R) > InkTolerance || Math.Abs(g - ink.G) > InkTolerance || Math.Abs(b - ink.B) > InkTolerance)
                    return $"a letter of item {i + 1} ({item.Name}) is not printed in the item's colour";
                shown.Append(letter.Value);
            }
            if (shown.ToString() != expected) return $"item {i + 1} ({item.Name}) differs from the signed content";
        }
        if (next != letters.Count) return "the pages show text that is not in the signed content";
        if (items.Any(i => i.Page > pages.Count)) return "a signed page is missing";
        foreach (var page in pages)
        {
            var signed = items.Where(i => i.IsImage && i.Page == page.Number).ToList();
            var shown = page.GetImages().ToList();
            if (shown.Count != signed.Count) return $"page {page.Number} shows {shown.Count} image(s), {signed.Count} signed";
            for (var i = 0; i < shown.Count; i++)
            {
                var image = shown[i];
                if (images.Fingerprint(image, signed[i].Value) != signed[i].Value) return $"the image {signed[i].Name} differs from the signed content";
                var box = image.BoundingBox;
                if (!signed[i].Box.Contains(box.Left, page.Height - box.Top, Tolerance) || !signed[i].Box.Contains(box.Right, page.Height - box.Bottom, Tolerance))
                    return $"the image {signed[i].Name} is not where it was signed";
            }
        }
        return null;
    }
}
