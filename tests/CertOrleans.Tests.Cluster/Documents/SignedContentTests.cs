using CertOrleans.Admin.Verification;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Pki.Verification;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Documents;

/// <summary>
/// Version-2 signed content: every field with its whitespace, bound to its label and its place, and every
/// embedded image by its fingerprint. Each attack here went unnoticed by version 1, which signed the page text
/// without whitespace and no images; version-1 certificates already issued still verify.
/// </summary>
public sealed class SignedContentTests
{
    private static readonly SealRegistration Seal = SealOf("佐藤");

    private static SealRegistration SealOf(string name) => new()
    {
        SourceVersion = 1, RegistrationNumber = "092011-000000042", SealImagePng = TestCertificates.SealPng(name), RegisteredOn = new DateOnly(2010, 4, 1),
    };

    [Fact]
    public async Task A_swapped_seal_impression_is_altered()
    {
        var signer = new TestSigner();
        var resident = TestResidents.Make(3, "7");
        var genuine = await TestCertificates.RenderAsync(CertificateType.SealRegistration, resident, seal: Seal, signer: signer);
        var other = await TestCertificates.RenderAsync(CertificateType.SealRegistration, resident, seal: SealOf("鈴木"));
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(PdfCertificateReader.Read(genuine.Pdf), [signer.PublicKey()]));

        // The forger puts another registrant's impression into the genuine PDF; every letter is untouched.
        var swapped = SignedPdf.Edit(genuine.Pdf, document => SignedPdf.Image(document).Stream.Value = SignedPdf.Image(PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(other.Pdf), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import)).Stream.Value);
        var reading = PdfCertificateReader.Read(swapped);
        Assert.Equal(PdfText.All(genuine.Pdf), PdfText.All(swapped));
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.Contains("image:印影", reading.PageMismatch);
    }

    [Fact]
    public async Task Text_moved_between_fields_is_altered_though_the_page_text_is_the_same()
    {
        var signer = new TestSigner();
        var resident = TestResidents.Make(10, "7"); // 山田　一郎, read ヤマダ　イチロウ
        var genuine = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, resident, signer: signer);
        // The last kana of the reading moved into the name: 「ヤマダ　イチロ」「ウ山田　一郎」. Version 1 read the same text.
        var moved = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy,
            resident with { GivenNameKana = resident.GivenNameKana[..^1], FamilyName = resident.GivenNameKana[^1..] + resident.FamilyName },
            certificateNumber: genuine.CertificateNumber);
        var original = PdfCertificateReader.Read(genuine.Pdf);
        var forged = SignedPdf.Edit(moved.Pdf, document =>
        {
            document.Info.Elements["/" + VerificationCode.PdfInfoName] = new PdfString(original.VerificationCode!);
            document.Info.Elements["/" + SignedContent.PdfInfoName] = new PdfString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(original.SignedContent!)));
        });
        var reading = PdfCertificateReader.Read(forged);
        Assert.Equal(VerificationCode.Canonical(original.Content), VerificationCode.Canonical(reading.Content));
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.Contains("（ふりがな）", reading.PageMismatch);
    }

    [Fact]
    public async Task Text_added_to_a_page_is_altered()
    {
        var signer = new TestSigner();
        var genuine = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, TestResidents.Make(4, "7"), signer: signer);
        var stamped = SignedPdf.Edit(genuine.Pdf, document =>
        {
            using var graphics = XGraphics.FromPdfPage(document.Pages[0], XGraphicsPdfPageOptions.Append);
            graphics.DrawString("原本", SignedPdf.Gothic(10), XBrushes.Black, new XPoint(300, 500));
        });
        var reading = PdfCertificateReader.Read(stamped);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
    }

    [Fact]
    public void A_version_1_certificate_issued_before_version_2_still_verifies()
    {
        // Issued by the version-1 renderer (a synthetic resident), with the public key it was signed with.
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Documents", "Fixtures");
        var keys = OfflineVerification.ReadKeys(File.ReadAllText(Path.Combine(fixtures, "v1-issuing-keys.json")));
        var reading = PdfCertificateReader.Read(File.ReadAllBytes(Path.Combine(fixtures, "v1-seal-certificate.pdf")));
        Assert.StartsWith("CO1.", reading.VerificationCode);
        Assert.Null(reading.SignedContent);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, keys));
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading with { Content = reading.Content.Replace("旭一丁目", "旭二丁目", StringComparison.Ordinal) }, keys));
        // Its text alone is signed, not where it stands nor its seal: the check says so with its answer.
        Assert.True(VerificationCode.TryParse(reading.VerificationCode, out var code));
        Assert.Equal("text-only", new CertOrleans.Gateway.Verification.CheckOutcome("genuine", code, true, []).Warning);
    }

    [Fact]
    public void Encoded_content_reads_back_and_escapes_its_delimiters()
    {
        ContentItem[] items =
        [
            new(1, new ContentBox(50, 40, 545, 70), "title", "住民票の写し"),
            new(1, new ContentBox(160, 90, 545, 114), "住所", "a=b|c\\d\ne　f"),
            new(2, new ContentBox(170, 95, 260, 185), "image:印影", "sha256:00ff"),
        ];
        var encoded = SignedContent.Encode(items);
        Assert.True(SignedContent.TryDecode(encoded, out var decoded));
        Assert.Equal(items, decoded);
        Assert.False(SignedContent.TryDecode(encoded.Replace(@"a\=b", "a=b", StringComparison.Ordinal), out _));
        Assert.False(SignedContent.TryDecode("1|0,0,1,1|title=x", out _));
        Assert.False(SignedContent.TryDecode("", out _));
    }
}
