using UglyToad.PdfPig;

namespace CertOrleans.Tests.Support;

/// <summary>Reads a PDF back the way a checker would: the text of each page, whitespace removed.</summary>
public static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => Compact(p.Text)).ToList();
    }

    public static string All(byte[] pdf) => string.Concat(Pages(pdf));

    /// <summary>The same normalisation the verification code signs (NFC, whitespace removed).</summary>
    public static string Compact(string text) => CertOrleans.Documents.Certificates.VerificationCode.Canonical(text);
}
