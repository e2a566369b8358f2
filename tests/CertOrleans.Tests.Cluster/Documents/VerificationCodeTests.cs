using CertOrleans.Contracts.Certificates;
using CertOrleans.Rendering;
using CertOrleans.Pki.Verification;
using CertOrleans.Documents.Certificates;

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
        Assert.Null(reading.PageMismatch);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        Assert.True(VerificationCode.TryParse(reading.VerificationCode, out var code));
        Assert.Equal("CO2", code.Version);
        Assert.Equal(certificate.CertificateNumber, code.CertificateNumber);
        Assert.Equal("juminhyo", code.CertificateType);
        Assert.Equal("092011", code.MunicipalityCode);
    }

    [Fact]
    public async Task One_changed_character_makes_it_altered()
    {
        var (certificate, signer) = await RenderAsync();
        var reading = PdfCertificateReader.Read(certificate.Pdf);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading.VerificationCode!, reading.SignedContent!, [signer.PublicKey()]));
        var altered = reading.SignedContent!.Replace("旭一丁目", "旭二丁目", StringComparison.Ordinal);
        Assert.NotEqual(reading.SignedContent, altered);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading.VerificationCode!, altered, [signer.PublicKey()]));
        // A space moved inside a value is a change too (version 1 dropped whitespace).
        var spaced = reading.SignedContent!.Replace("旭一丁目", "旭一 丁目", StringComparison.Ordinal);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading.VerificationCode!, spaced, [signer.PublicKey()]));

        // Changing the code instead (say, the certificate number in it) breaks the signature.
        var forged = reading.VerificationCode!.Replace(certificate.CertificateNumber, "092011-20261126-0000000000", StringComparison.Ordinal);
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(forged, reading.Content, [signer.PublicKey()]));
    }

    [Fact]
    public async Task Unknown_and_revoked_keys_and_garbage_are_told_apart()
    {
        var (certificate, signer) = await RenderAsync();
        var reading = PdfCertificateReader.Read(certificate.Pdf);
        Assert.Equal(VerificationResult.UnknownKey, CertificateVerifier.Verify(reading, []));
        Assert.Equal(VerificationResult.UnknownKey, CertificateVerifier.Verify(reading, [new TestSigner().PublicKey() with { KeyId = 2 }]));
        Assert.Equal(VerificationResult.RevokedKey, CertificateVerifier.Verify(reading, [signer.PublicKey(IssuingKeyStatus.Revoked)]));
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey(IssuingKeyStatus.Retired)]));
        Assert.Equal(VerificationResult.Malformed, CertificateVerifier.Verify(reading with { VerificationCode = "not a code" }, [signer.PublicKey()]));
        // A different key under the same id: the signature does not verify.
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(reading, [new TestSigner().PublicKey()]));
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
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));
        // Dropping a page changes what the pages show: not genuine.
        var twoPages = SignedPdf.Edit(certificate.Pdf, document => document.Pages.RemoveAt(2));
        Assert.Equal(VerificationResult.Altered, CertificateVerifier.Verify(PdfCertificateReader.Read(twoPages), [signer.PublicKey()]));
    }
}
