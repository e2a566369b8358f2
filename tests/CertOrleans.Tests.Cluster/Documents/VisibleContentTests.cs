using System.Text;
using System.Text.RegularExpressions;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Pki.Verification;
using PdfSharp.Pdf;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Documents;

/// <summary>
/// Verification compares what a reader sees, not only what a text extractor reads: each letter's glyph against the
/// certificate font's glyph for the character it claims, its render mode and colour, and each image with the colour
/// space and decoding it is drawn with. Each forgery here keeps the extracted text and the image bytes, so the
/// letter-and-fingerprint check of before called it genuine.
/// </summary>
public sealed class VisibleContentTests
{
    private static readonly SealRegistration Seal = new()
    {
        SourceVersion = 1, RegistrationNumber = "092011-000000042", SealImagePng = TestCertificates.SealPng("佐藤"), RegisteredOn = new DateOnly(2010, 4, 1),
    };

    [Fact]
    public async Task Glyphs_swapped_behind_an_unchanged_ToUnicode_map_are_altered()
    {
        var signer = new TestSigner();
        var genuine = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, TestResidents.Make(10, "7"), signer: signer);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(PdfCertificateReader.Read(genuine.Pdf), [signer.PublicKey()]));

        // The forger swaps two kanji codes of the text font wherever the page draws them, and swaps their entries in the
        // font's ToUnicode map: the page shows the two kanji exchanged, and a text extractor reads the signed text.
        var forged = SignedPdf.Edit(genuine.Pdf, document =>
        {
            var font = Font(document, "/F1");
            var map = font.Elements.GetDictionary("/ToUnicode")!;
            var entries = Regex.Matches(Encoding.ASCII.GetString(map.Stream.UnfilteredValue), "<([0-9A-F]{4})><([0-9A-F]{4})>")
                .Select(m => (Code: m.Groups[1].Value, Character: m.Groups[2].Value))
                .Where(e => Convert.ToInt32(e.Character, 16) is >= 0x4E00 and <= 0x9FFF).Take(2).ToList();
            Assert.Equal(2, entries.Count);
            var (a, b) = (entries[0], entries[1]);
            Replace(map, text => text.Replace($"<{a.Code}><{a.Character}>", $"<{a.Code}><{b.Character}>", StringComparison.Ordinal)
                .Replace($"<{b.Code}><{b.Character}>", $"<{b.Code}><{a.Character}>", StringComparison.Ordinal));
            Replace(Contents(document), text => SwapCodes(text, "/F1", a.Code, b.Code));
        });

        Assert.Equal(PdfText.All(genuine.Pdf), PdfText.All(forged));
        var reading = PdfCertificateReader.Read(forged);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.Contains("glyph", reading.PageMismatch);
    }

    [Theory]
    [InlineData("3 Tr\n", "render mode")]  // invisible text
    [InlineData("1 1 1 rg\n", "colour")]   // white text on the white page
    public async Task Text_drawn_invisibly_is_altered(string prefix, string named)
    {
        var signer = new TestSigner();
        var genuine = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, TestResidents.Make(4, "7"), signer: signer);
        // The fill colour the renderer sets before its first text, and every one after, turned white; or text mode 3 (neither fill nor stroke).
        var forged = SignedPdf.Edit(genuine.Pdf, document => Replace(Contents(document), text => named == "colour"
            ? Regex.Replace(text, @"(?m)^[0-9. ]+ rg$", "1 1 1 rg")
            : prefix + text));

        Assert.Equal(PdfText.All(genuine.Pdf), PdfText.All(forged));
        var reading = PdfCertificateReader.Read(forged);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.Contains(named, reading.PageMismatch);
    }

    [Theory]
    [InlineData("small")]   // the values at half their size, each letter still starting where it was signed
    [InlineData("flipped")] // every line mirrored about its baseline
    public async Task Text_drawn_at_another_size_or_mirrored_is_altered(string how)
    {
        var signer = new TestSigner();
        var genuine = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, TestResidents.Make(4, "7"), signer: signer);
        var forged = SignedPdf.Edit(genuine.Pdf, document => Replace(Contents(document), text => how == "small"
            ? text.Replace("/F1 11 Tf", "/F1 5.5 Tf", StringComparison.Ordinal)
            : Regex.Replace(text, @"(-?[0-9.]+) (-?[0-9.]+) ?Td", "1 0 0 -1 $1 $2 Tm")));

        Assert.Equal(PdfText.All(genuine.Pdf), PdfText.All(forged));
        var reading = PdfCertificateReader.Read(forged);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.Contains(how == "small" ? "size" : "upright", reading.PageMismatch);
    }

    [Theory]
    [InlineData("/Decode", "[1 0]")]          // the impression drawn in negative
    [InlineData("/ColorSpace", "/DeviceCMYK")] // the same bytes read as other colours
    public async Task An_image_drawn_with_other_colours_from_the_same_bytes_is_altered(string key, string value)
    {
        var signer = new TestSigner();
        var genuine = await TestCertificates.RenderAsync(CertificateType.SealRegistration, TestResidents.Make(3, "7"), seal: Seal, signer: signer);
        var forged = SignedPdf.Edit(genuine.Pdf, document =>
        {
            var image = SignedPdf.Image(document);
            image.Elements[key] = key == "/Decode" ? new PdfArray(document, new PdfInteger(1), new PdfInteger(0)) : new PdfName(value);
        });

        var reading = PdfCertificateReader.Read(forged);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.Contains("image:印影", reading.PageMismatch);
    }

    [Fact]
    public async Task A_certificate_signed_with_the_older_image_fingerprint_still_verifies_but_not_in_negative()
    {
        var signer = new TestSigner();
        var rendered = await TestCertificates.RenderAsync(CertificateType.SealRegistration, TestResidents.Make(3, "7"), seal: Seal, signer: signer);
        var reading = PdfCertificateReader.Read(rendered.Pdf);
        // Signed as certificates were before: the image by its size, depth and bytes alone.
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(rendered.Pdf);
        var image = pdf.GetPage(1).GetImages().Single();
        var older = SignedContent.ImageFingerprint(image.WidthInSamples, image.HeightInSamples, image.BitsPerComponent, image.RawMemory.Span, default);
        var content = Regex.Replace(reading.SignedContent!, Regex.Escape(SignedContent.DrawnImagePrefix) + "[0-9a-f]+", older);
        Assert.True(VerificationCode.TryParse(reading.VerificationCode, out var code));
        var olderCode = await signer.Sign(code.CertificateNumber, code.CertificateType)(SignedContent.Digest(content));
        var issuedBefore = SignedPdf.Edit(rendered.Pdf, document =>
        {
            document.Info.Elements["/" + VerificationCode.PdfInfoName] = new PdfString(olderCode);
            document.Info.Elements["/" + SignedContent.PdfInfoName] = new PdfString(Convert.ToBase64String(Encoding.UTF8.GetBytes(content)));
        });
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(PdfCertificateReader.Read(issuedBefore), [signer.PublicKey()]));

        var negative = SignedPdf.Edit(issuedBefore, document => SignedPdf.Image(document).Elements["/Decode"] = new PdfArray(document, new PdfInteger(1), new PdfInteger(0)));
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(PdfCertificateReader.Read(negative), [signer.PublicKey()]));
    }

    [Theory]
    [InlineData(CertificateType.ResidentRecordCopy)]
    [InlineData(CertificateType.SealRegistration)]
    [InlineData(CertificateType.IncomeTax)]
    [InlineData(CertificateType.Income)]
    [InlineData(CertificateType.Taxation)]
    [InlineData(CertificateType.NonTaxation)]
    [InlineData(CertificateType.TaxPayment)]
    [InlineData(CertificateType.ResidentRecordItems)]
    public async Task A_genuine_certificate_still_verifies_with_its_glyphs_colours_and_images(CertificateType type)
    {
        var signer = new TestSigner();
        var resident = TestResidents.Make(6, "7") with { GivenName = "𠮟子", Address = "栃木県宇都宮市旭１丁目ＡＢＣ－12 ﾃｽﾄ Bldg. 3F" };
        var genuine = await TestCertificates.RenderAsync(type, resident, seal: Seal, tax: TestCertificates.Tax(2025), signer: signer);
        var reading = PdfCertificateReader.Read(genuine.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
    }

    /// <summary>Swaps two codes in the text a page draws with one font (the renderer names the font only when it changes).</summary>
    private static string SwapCodes(string content, string font, string a, string b)
    {
        var current = "";
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Regex.Match(lines[i], @"^(/F\d+) [0-9.]+ ?Tf") is { Success: true } set) current = set.Groups[1].Value;
            if (current != font) continue;
            lines[i] = Regex.Replace(lines[i], "<([0-9A-F]+)> Tj", hex => "<" + string.Concat(hex.Groups[1].Value.Chunk(4)
                .Select(c => new string(c)).Select(c => c == a ? b : c == b ? a : c)) + "> Tj");
        }
        return string.Join('\n', lines);
    }

    private static PdfDictionary Font(PdfDocument document, string resource) =>
        document.Pages[0].Resources.Elements.GetDictionary("/Font")!.Elements.GetDictionary(resource)!;

    private static PdfDictionary Contents(PdfDocument document) => (PdfDictionary)((PdfSharp.Pdf.Advanced.PdfReference)document.Pages[0].Contents.Elements[0]).Value;

    /// <summary>Rewrites a stream's decoded text and stores it unfiltered.</summary>
    private static void Replace(PdfDictionary stream, Func<string, string> edit)
    {
        var text = edit(Encoding.Latin1.GetString(stream.Stream.UnfilteredValue));
        stream.Elements.Remove("/Filter");
        stream.Elements.Remove("/DecodeParms");
        stream.Stream.Value = Encoding.Latin1.GetBytes(text);
    }
}
