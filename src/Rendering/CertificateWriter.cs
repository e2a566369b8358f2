using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Certificates;
using PdfSharp.Pdf;

namespace CertOrleans.Rendering;

/// <summary>
/// Lays a certificate out over as many pages as it needs. Every page carries the same certificate number
/// and its place ("i / n"), and the one verification code signs the content of all pages together, so no
/// page can be taken out of one certificate or slipped into another (the Tokushima incident).
/// </summary>
public sealed class CertificateWriter : IDisposable
{
    /// <summary>PDF document-information key that carries the verification code for electronic verification.</summary>
    public const string VerificationInfoKey = "/" + VerificationCode.PdfInfoName;

    /// <summary>PDF document-information key that carries the signed content (base64 of its UTF-8), for verifiers to match against the pages.</summary>
    public const string ContentInfoKey = "/" + SignedContent.PdfInfoName;

    private readonly PdfDocument document = new();
    private readonly List<CertificatePage> pages = [];
    private readonly PdfSharp.Pdf.Advanced.PdfReference background;
    private string title = "";

    public CertificateWriter(string documentTitle, string certificateNumber)
    {
        JapaneseFonts.EnsureInstalled();
        document.Info.Title = documentTitle;
        document.Info.Subject = certificateNumber;
        document.Info.Creator = "CertOrleans";
        // Compression was the largest share of a render (profiled with dotnet-trace on ./bench.sh render); the fastest
        // level halves it for about 40% more bytes, on a document that crosses the store's line once and is dropped.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        CertificateNumber = certificateNumber;
        background = AntiCopyBackground.AddTo(document);
    }

    public string CertificateNumber { get; }

    /// <summary>外字 registered for the people the certificate names, drawn as images on every page.</summary>
    public RegisteredGlyphs? Glyphs { get; init; }

    private CertificatePage Page => pages[^1];

    /// <summary>Starts a certificate (or one copy of it) on a new page.</summary>
    public void Begin(string certificateTitle, string municipalityLine)
    {
        title = certificateTitle;
        pages.Add(new CertificatePage(document, pages.Count + 1, background) { Glyphs = Glyphs });
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
        EnsureSpace(18 + keepWithNext);
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
        foreach (var page in pages) page.VerificationQr(printed);
        document.Info.Elements[VerificationInfoKey] = new PdfString(code);
        document.Info.Elements[ContentInfoKey] = new PdfString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(content)));
        foreach (var page in pages) page.Dispose();
        // Sized for the PDF as PDFsharp writes it (fonts uncompacted), so the buffer is not regrown and copied on the way.
        using var stream = new MemoryStream(96 * 1024 + 64 * 1024 * pages.Count);
        document.Save(stream);
        return (EmbeddedFonts.Compact(stream.GetBuffer().AsSpan(0, (int)stream.Length)), code, pages.Count);
    }

    public void Dispose()
    {
        foreach (var page in pages) page.Dispose();
        document.Dispose();
    }

    private void EnsureSpace(double height)
    {
        if (Page.Y + height <= CertificatePage.BodyBottom) return;
        pages.Add(new CertificatePage(document, pages.Count + 1, background) { Glyphs = Glyphs });
        Page.Title($"{title}（続き）");
    }
}
