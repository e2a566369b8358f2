using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CertOrleans.Grains.Residents;
using CertOrleans.Pki.Verification;
using UglyToad.PdfPig;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Documents;

/// <summary>
/// 外字: a character the fonts cannot print is printed from the glyph the registry registered for it, as an
/// image covered by the signature; without one it is refused as before. A character outside the BMP is printed
/// from a registered glyph even when the fonts have it: PDFsharp's text for it cannot be read back (below).
/// </summary>
public sealed class GaijiTests
{
    private const int Gaiji = 0xE001;  // a private-use code point, as a city's 外字 arrive
    private const int Yoshi = 0x20BB7; // 𠮷: outside the BMP, and not in the IPAex fonts
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static ResidentRecord WithName(string given, params int[] registered) => TestResidents.Make(5, "9") with
    {
        GivenName = given,
        Glyphs = registered.Length == 0 ? null : new RegisteredGlyphs(registered.Select(c => new RegisteredGlyph(c, TestCertificates.SealPng("外"))).ToList()),
    };

    private static string Text(int codePoint) => char.ConvertFromUtf32(codePoint);

    [Fact]
    public void A_character_the_fonts_lack_is_printable_only_with_a_registered_glyph()
    {
        Assert.Equal(RefusalCodes.UnprintableCharacters, IssuanceRules.Check(WithName($"花{Text(Gaiji)}"), CertificateType.ResidentRecordCopy, Today));
        Assert.Equal(RefusalCodes.UnprintableCharacters, IssuanceRules.Check(WithName($"{Text(Yoshi)}男"), CertificateType.ResidentRecordCopy, Today));
        Assert.Null(IssuanceRules.Check(WithName($"花{Text(Gaiji)}", Gaiji), CertificateType.ResidentRecordCopy, Today));
        Assert.Null(IssuanceRules.Check(WithName($"{Text(Yoshi)}男", Yoshi), CertificateType.ResidentRecordCopy, Today));
        // 𠮟 (U+20B9F) is outside the BMP and in the fonts: printed as text, no registration needed.
        Assert.Null(IssuanceRules.Check(WithName("𠮟子"), CertificateType.ResidentRecordCopy, Today));
    }

    [Fact]
    public async Task A_registered_glyph_is_printed_as_an_image_in_the_name_and_the_certificate_verifies()
    {
        var signer = new TestSigner();
        var resident = WithName($"花{Text(Gaiji)}{Text(Yoshi)}", Gaiji, Yoshi);
        var rendered = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, resident, signer: signer);

        // Read back as any recipient would: the name's printable letters are text, the two 外字 are images in the name's row.
        using var pdf = PdfDocument.Open(rendered.Pdf);
        var page = pdf.GetPage(1);
        Assert.Contains($"{resident.FamilyName}花", PdfText.Compact(page.Text));
        var images = page.GetImages().ToList();
        Assert.Equal(2, images.Count);
        var nameLetter = page.Letters.First(l => l.Value == "花");
        Assert.All(images, image => Assert.InRange(image.BoundingBox.Bottom, nameLetter.BoundingBox.Bottom - 4, nameLetter.BoundingBox.Top + 4));

        var reading = PdfCertificateReader.Read(rendered.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.True(SignedContent.TryDecode(reading.SignedContent!, out var items));
        Assert.Contains(items, i => i.Name == ContentItem.GlyphName(Gaiji));
        Assert.Contains(items, i => i.Name == ContentItem.GlyphName(Yoshi));

        // Another glyph put in the place of the registered one is noticed.
        var other = await TestCertificates.RenderAsync(CertificateType.SealRegistration, TestResidents.Make(6, "9"), seal: new SealRegistration
        {
            SourceVersion = 1, RegistrationNumber = "092011-000000043", SealImagePng = TestCertificates.SealPng("別"), RegisteredOn = new DateOnly(2010, 4, 1),
        });
        var swapped = SignedPdf.Edit(rendered.Pdf, document =>
        {
            var objects = document.Pages[0].Resources.Elements.GetDictionary("/XObject")!;
            var glyph = objects.Elements.Keys.Select(k => objects.Elements.GetDictionary(k)).First(d => d?.Elements.GetName("/Subtype") == "/Image")!;
            glyph.Stream.Value = SignedPdf.Image(PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(other.Pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import)).Stream.Value;
        });
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(PdfCertificateReader.Read(swapped), [signer.PublicKey()]));
    }

    [Fact]
    public async Task A_household_member_with_a_registered_glyph_is_printed_in_the_heading_and_the_copy_verifies()
    {
        // The member's name heads their block of a 世帯全員 copy: the heading draws the 外字 as the rows do.
        var signer = new TestSigner();
        var applicant = TestResidents.Make(7, "9");
        var member = WithName($"花{Text(Gaiji)}", Gaiji) with { Relationship = "子", HouseholdNumber = applicant.HouseholdNumber };
        var rendered = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, applicant, new Contracts.Requests.CertificateOptions(WholeHousehold: true),
            household: [applicant, member], signer: signer);

        var reading = PdfCertificateReader.Read(rendered.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.True(SignedContent.TryDecode(reading.SignedContent!, out var items));
        Assert.True(items.Count(i => i.Name == ContentItem.GlyphName(Gaiji)) >= 2, "the 外字 in the heading and in the name row");
    }

    [Fact]
    public async Task A_character_outside_the_bmp_that_the_fonts_have_is_printed_as_text_and_reads_back()
    {
        var signer = new TestSigner();
        var resident = WithName("𠮟子");
        var rendered = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, resident, signer: signer);
        using var pdf = PdfDocument.Open(rendered.Pdf);
        Assert.Empty(pdf.GetPage(1).GetImages());
        Assert.Contains($"{resident.FamilyName}𠮟子", PdfText.Compact(pdf.GetPage(1).Text));
        var reading = PdfCertificateReader.Read(rendered.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
    }

    [Fact]
    public async Task Characters_that_share_a_glyph_each_read_back_as_written()
    {
        // In IPAex 〜 and ～, the hyphens, and 漣 and its compatibility form each share one glyph; each must still read
        // back as the character the record holds, or a genuine certificate would not verify.
        var signer = new TestSigner();
        var resident = TestResidents.Make(5, "9") with { Address = "栃木県宇都宮市旭一丁目1番5号　〜～‐-漣\uF992" };
        var rendered = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, resident, signer: signer);
        Assert.Contains(PdfText.Compact(resident.Address), PdfText.Compact(PdfText.All(rendered.Pdf)), StringComparison.Ordinal);
        var reading = PdfCertificateReader.Read(rendered.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
    }

    [Fact]
    public async Task A_character_the_fonts_lack_is_never_printed_as_an_empty_box()
    {
        // The issuance rules refuse such a record first; the writer still refuses to draw it, without naming it.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, WithName($"花{Text(Gaiji)}")));
        Assert.DoesNotContain(Text(Gaiji), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("花", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registry_feed_carries_glyphs_and_refuses_bad_ones_by_name()
    {
        var resident = WithName($"花{Text(Gaiji)}", Gaiji);
        var (entry, error) = ResidentFile.Parse(ResidentFile.ToJson(resident));
        Assert.Null(error);
        Assert.Equal(resident.Glyphs, entry!.Record.Glyphs);
        Assert.Equal(resident, entry.Record);

        var line = ResidentFile.ToJson(resident);
        Assert.Contains("glyphs[0].codePoint", ResidentFile.Parse(line.Replace("\"E001\"", "\"ZZZZ\"", StringComparison.Ordinal)).Error);
        Assert.Contains("glyphs[0].png", ResidentFile.Parse(line.Replace("\"png\":\"", "\"png\":\"AAAA", StringComparison.Ordinal)).Error);
    }
}
