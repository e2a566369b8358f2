using CertOrleans.Contracts.Certificates;
using CertOrleans.Rendering;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Infrastructure;

namespace CertOrleans.Tests.Documents;

public sealed class VerificationCodeTests
{
    private static async Task<(RenderedCertificate Certificate, TestSigner Signer)> RenderAsync(int copies = 1)
    {
        var signer = new TestSigner();
        var certificate = await TestCertificates.RenderAsync(Contracts.Certificates.CertificateType.ResidentRecordCopy, TestResidents.Make(77, "4"), copies: copies, signer: signer);
        return (certificate, signer);
    }

    [Fact]
    public async Task The_pdf_as_issued_verifies_as_genuine()
    {
        var (certificate, signer) = await RenderAsync();
        var reading = PdfCertificateReader.Read(certificate.Pdf);
        Assert.Equal(certificate.VerificationCode, reading.VerificationCode);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading.VerificationCode!, reading.Content, [signer.PublicKey()]));
        Assert.True(VerificationCode.TryParse(reading.VerificationCode, out var code));
        Assert.Equal(certificate.CertificateNumber, code.CertificateNumber);
        Assert.Equal("juminhyo", code.CertificateType);
        Assert.Equal("092011", code.MunicipalityCode);
    }

    [Fact]
    public async Task One_changed_character_makes_it_altered()
    {
        var (certificate, signer) = await RenderAsync();
        var reading = PdfCertificateReader.Read(certificate.Pdf);
        var canonical = VerificationCode.Canonical(reading.Content);
        var index = canonical.IndexOf("旭一丁目", StringComparison.Ordinal);
        Assert.True(index >= 0);
        var altered = canonical[..index] + "旭二丁目" + canonical[(index + 4)..];
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading.VerificationCode!, altered, [signer.PublicKey()]));

        // Changing the code instead (say, the certificate number in it) breaks the signature.
        var forged = reading.VerificationCode!.Replace(certificate.CertificateNumber, "092011-20261126-0000000000", StringComparison.Ordinal);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(forged, reading.Content, [signer.PublicKey()]));
    }

    [Fact]
    public async Task Unknown_and_revoked_keys_and_garbage_are_told_apart()
    {
        var (certificate, signer) = await RenderAsync();
        var reading = PdfCertificateReader.Read(certificate.Pdf);
        Assert.Equal(VerificationResult.UnknownKey, CertificateVerifier.Verify(reading.VerificationCode!, reading.Content, []));
        Assert.Equal(VerificationResult.UnknownKey, CertificateVerifier.Verify(reading.VerificationCode!, reading.Content, [new TestSigner().PublicKey() with { KeyId = 2 }]));
        Assert.Equal(VerificationResult.RevokedKey, CertificateVerifier.Verify(reading.VerificationCode!, reading.Content, [signer.PublicKey(IssuingKeyStatus.Revoked)]));
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading.VerificationCode!, reading.Content, [signer.PublicKey(IssuingKeyStatus.Retired)]));
        Assert.Equal(VerificationResult.Malformed, CertificateVerifier.Verify("not a code", reading.Content, [signer.PublicKey()]));
        // A different key under the same id: the signature does not verify.
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading.VerificationCode!, reading.Content, [new TestSigner().PublicKey()]));
    }

    [Fact]
    public async Task The_printed_qr_code_scans_to_the_signed_code()
    {
        var (certificate, _) = await RenderAsync();
        Assert.Equal(certificate.VerificationCode, QrScanner.ScanFirstPage(certificate.Pdf));
        Assert.InRange(certificate.VerificationCode.Length, 150, 260);
    }

    [Fact]
    public async Task Every_page_of_a_multi_page_certificate_carries_the_number_and_the_code_covers_all_pages()
    {
        var (certificate, signer) = await RenderAsync(copies: 3);
        var reading = PdfCertificateReader.Read(certificate.Pdf);
        Assert.Equal(3, reading.PageCount);
        Assert.All(PdfText.Pages(certificate.Pdf), page => Assert.Contains(certificate.CertificateNumber, page));
        // Dropping a page (or swapping one in) changes the content: not genuine.
        var pages = PdfText.Pages(certificate.Pdf);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading.VerificationCode!, pages[0] + pages[1], [signer.PublicKey()]));
    }
}
