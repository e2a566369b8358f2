using CertOrleans.Contracts.Certificates;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace CertOrleans.Pki.Verification;

/// <summary>What a verifier reads from a certificate PDF: its verification code and its printed text.</summary>
public sealed record CertificateReading(string? VerificationCode, string Content, int PageCount);

/// <summary>Reads a certificate PDF the way any recipient could, with a PDF text extractor.</summary>
public static class PdfCertificateReader
{

    /// <exception cref="InvalidDataException">The bytes are not a readable PDF.</exception>
    public static CertificateReading Read(byte[] pdf)
    {
        try
        {
            using var document = PdfDocument.Open(pdf);
            string? code = null;
            if (document.Information.DocumentInformationDictionary?.Data.TryGetValue(VerificationCode.PdfInfoName, out var token) == true)
            {
                code = token switch
                {
                    StringToken s => s.Data,
                    HexToken h => h.Data,
                    _ => null,
                };
            }
            var content = string.Concat(document.GetPages().Select(p => p.Text));
            return new CertificateReading(code, content, document.NumberOfPages);
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            throw new InvalidDataException($"Not a readable PDF ({ex.GetType().Name}).", ex);
        }
    }
}
