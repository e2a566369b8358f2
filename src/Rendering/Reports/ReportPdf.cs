using PdfSharp.Drawing;
using PdfSharp.Pdf;
using CertOrleans.Documents.Fonts;

namespace CertOrleans.Rendering.Reports;

/// <summary>A plain A4 report in Japanese: a title, headings, paragraphs and ruled tables, over as many pages as it takes.</summary>
public sealed class ReportPdf : IDisposable
{
    private const double Width = 595.28, Height = 841.89, Margin = 50, Bottom = Height - 60;
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly PdfDocument document = new();
    private readonly string footer;
    private XGraphics? page;
    private double y;

    public ReportPdf(string title, string footer)
    {
        ReportFonts.EnsureInstalled();
        document.Info.Title = title;
        document.Info.Creator = "CertOrleans";
        this.footer = footer;
        NewPage();
        Draw(title, Gothic(16), new XRect(Margin, y, Width - 2 * Margin, 24), XStringFormats.Center);
        y += 34;
    }

    private static XFont Gothic(double size) => new(JapaneseFonts.Gothic, size, XFontStyleEx.Regular, Unicode);

    private static XFont Mincho(double size) => new(JapaneseFonts.Mincho, size, XFontStyleEx.Regular, Unicode);

    public void Heading(string text)
    {
        Space(40);
        y += 8;
        page!.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 238, 242)), Margin, y, Width - 2 * Margin, 18);
        Draw(text, Gothic(11), new XRect(Margin + 6, y + 3, Width - 2 * Margin, 14), XStringFormats.TopLeft);
        y += 24;
    }

    public void Paragraph(string text, double size = 9.5)
    {
        var font = Mincho(size);
        foreach (var line in LineBreaks.Wrap(text, s => page!.MeasureString(s, font).Width, Width - 2 * Margin))
        {
            Space(size + 5);
            Draw(line, font, new XRect(Margin, y, Width - 2 * Margin, size + 4), XStringFormats.TopLeft);
            y += size + 5;
        }
        y += 3;
    }

    /// <summary>A table: a header row and rows; columns share the width in the given proportions, numbers right-aligned.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<double> widths)
    {
        var total = widths.Sum();
        var columns = widths.Select(w => w / total * (Width - 2 * Margin)).ToArray();
        Row(header, columns, Gothic(8.5), shaded: true);
        foreach (var row in rows) Row(row, columns, Mincho(8.5), shaded: false);
        y += 6;
    }

    private void Row(IReadOnlyList<string> cells, double[] columns, XFont font, bool shaded)
    {
        const double height = 15;
        Space(height);
        var x = Margin;
        for (var i = 0; i < columns.Length; i++)
        {
            if (shaded) page!.DrawRectangle(new XSolidBrush(XColor.FromArgb(245, 246, 248)), x, y, columns[i], height);
            page!.DrawRectangle(XPens.Gray, x, y, columns[i], height);
            var text = i < cells.Count ? cells[i] : "";
            var numeric = !shaded && text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '¥') && text.All(c => char.IsAsciiDigit(c) || c is ',' or '.' or '-' or '¥' or '%');
            Draw(text, font, new XRect(x + 3, y + 2, columns[i] - 6, height - 4), numeric ? XStringFormats.TopRight : XStringFormats.TopLeft);
            x += columns[i];
        }
        y += height;
    }

    public byte[] Finish()
    {
        page?.Dispose();
        page = null;
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var graphics = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            graphics.DrawString($"{footer}　{i + 1} / {count}", Gothic(7.5), XBrushes.Gray, new XRect(Margin, Height - 40, Width - 2 * Margin, 10), XStringFormats.TopRight);
        }
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    public void Dispose()
    {
        page?.Dispose();
        document.Dispose();
    }

    private void Space(double needed)
    {
        if (y + needed > Bottom) NewPage();
    }

    private void NewPage()
    {
        page?.Dispose();
        var next = document.AddPage();
        next.Width = XUnit.FromPoint(Width);
        next.Height = XUnit.FromPoint(Height);
        page = XGraphics.FromPdfPage(next);
        y = Margin;
    }

    private void Draw(string text, XFont font, XRect rect, XStringFormat format) => page!.DrawString(text, font, XBrushes.Black, rect, format);
}
