using CertOrleans.Rendering;
using CertOrleans.Pki.Verification;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>
/// The independent check of every delivered certificate: read back from the PDF (PdfPig, not our renderer), it
/// must name the holder of the card that started the request (name, date of birth, one of the addresses the
/// registry gave for them) and carry the request's certificate number on every page.
/// </summary>
public static class DocumentOracle
{
    public static bool Belongs(byte[] pdf, string certificateNumber, Holder holder)
    {
        var person = holder.Entry.Record;
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var whole = "";
        foreach (var page in document.GetPages())
        {
            var text = VerificationCode.Canonical(page.Text);
            if (!text.Contains(certificateNumber, StringComparison.Ordinal)) return false;
            whole += text;
        }
        return whole.Contains(VerificationCode.Canonical(person.FullName), StringComparison.Ordinal)
            && whole.Contains(JapaneseDates.Format(person.DateOfBirth), StringComparison.Ordinal)
            && holder.Addresses.Any(a => whole.Contains(VerificationCode.Canonical(a), StringComparison.Ordinal));
    }
}
