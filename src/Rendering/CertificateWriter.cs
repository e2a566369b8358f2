using CertOrleans.Contracts.Residents;
using CertOrleans.Rendering.Pdf;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Rendering;

/// <summary>
/// Lays a certificate out over as many pages as it needs. Every page carries the same certificate number
/// and its place ("i / n"), and the one verification code signs the content of all pages together, so no
/// page can be taken out of one certificate or slipped into another (the Tokushima incident).
/// </summary>
public sealed class CertificateWriter
{
    private readonly CertificateDocument document = new();
    private readonly List<CertificatePage> pages = [];
    private readonly string documentTitle;
    private string title = "";

    public CertificateWriter(string documentTitle, string certificateNumber)
    {
        this.documentTitle = documentTitle;
        CertificateNumber = certificateNumber;
    }

    public string CertificateNumber { get; }

    /// <summary>外字 registered for the people the certificate names, drawn as images on every page.</summary>
    public RegisteredGlyphs? Glyphs { get; init; }

    private CertificatePage Page => pages[^1];

    /// <summary>Starts a certificate (or one copy of it) on a new page.</summary>
    public void Begin(string certificateTitle, string municipalityLine)
    {
        title = certificateTitle;
        pages.Add(new CertificatePage(document, pages.Count + 1) { Glyphs = Glyphs });
        Page.Title(title);
        Page.TextRight("municipality", municipalityLine, 10);
    }

    public void Row(string label, string value, double size = 11, string? ruby = null)
    {
        EnsureSpace(Page.RowHeight(value, size, ruby));
        Page.Row(label, value, size, ruby);
    }

    public void SectionHeading(string heading, double keepWithNext = 60)
    {
        EnsureSpace(Page.SectionHeadingHeight(heading) + keepWithNext);
        Page.SectionHeading(heading);
    }

    public void SealImpression(string label, byte[] png)
    {
        EnsureSpace(100);
        Page.SealImpression(label, png);
    }

    public void Space(double points) => Page.Y += points;

    /// <summary>The certification statement, the issue date and the issuer's seal, kept together on one page.</summary>
    public void Certification(string statement, string issueDate, string issuer, string sealText)
    {
        EnsureSpace(30 + Page.ParagraphHeight(statement, 12, 12) + 10 + 17 + 10 + CertificatePage.IssuerAndSealHeight);
        Page.Y += 30;
        Page.Paragraph("statement", statement, 12, indent: 12);
        Page.Y += 10;
        Page.Paragraph("issue-date", issueDate, 12, indent: 12);
        Page.Y += 10;
        Page.IssuerAndSeal(issuer, sealText);
    }

    /// <summary>Finishes every page, has the content signed and returns the PDF and its verification code.</summary>
    public async Task<(byte[] Pdf, string VerificationCode, int PageCount)> FinishAsync(string footerNote, SignContent sign, Func<string, string>? qrPayload = null)
    {
        for (var i = 0; i < pages.Count; i++) pages[i].Footer(CertificateNumber, i + 1, pages.Count, footerNote);
        var content = SignedContent.Encode(pages.SelectMany(p => p.Items));
        var code = await sign(SignedContent.Digest(content));
        var printed = qrPayload?.Invoke(code) ?? code;
        var modules = QrModules.Of(printed);
        foreach (var page in pages) page.VerificationQr(modules);
        var pdf = document.Write(pages.Select(p => (p.Content.Output, (IReadOnlyCollection<string>)p.Images)).ToList(),
        [
            ("Title", documentTitle), ("Subject", CertificateNumber), ("Creator", "CertOrleans"), ("Producer", "CertOrleans"),
            (VerificationCode.PdfInfoName, code),
            (SignedContent.PdfInfoName, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(content))),
        ]);
        return (pdf, code, pages.Count);
    }

    private void EnsureSpace(double height)
    {
        if (Page.Y + height <= CertificatePage.BodyBottom) return;
        pages.Add(new CertificatePage(document, pages.Count + 1) { Glyphs = Glyphs });
        Page.Title($"{title}（続き）");
    }
}
