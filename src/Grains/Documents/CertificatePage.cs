using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CertOrleans.Grains.Documents;

/// <summary>
/// Drawing primitives shared by every certificate template: A4 pages, bordered item rows with wrapping,
/// the mayor's seal and the footer that carries the certificate number and "page i / n" on every page.
/// </summary>
public sealed class CertificatePage : IDisposable
{
    public const double PageWidth = 595.28;  // A4 in points
    public const double PageHeight = 841.89;
    public const double Left = 50;
    public const double Right = PageWidth - 50;
    public const double LabelWidth = 110;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly XGraphics graphics;

    public CertificatePage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        graphics = XGraphics.FromPdfPage(page);
    }

    public double Y { get; set; } = 50;

    public static XFont Mincho(double size) => new(JapaneseFonts.Mincho, size, XFontStyleEx.Regular, Unicode);

    public static XFont Gothic(double size) => new(JapaneseFonts.Gothic, size, XFontStyleEx.Regular, Unicode);

    public void Title(string text)
    {
        var font = Gothic(20);
        graphics.DrawString(text, font, XBrushes.Black, new XRect(Left, Y, Right - Left, 30), XStringFormats.Center);
        Y += 44;
    }

    public void TextRight(string text, double size)
    {
        graphics.DrawString(text, Mincho(size), XBrushes.Black, new XRect(Left, Y, Right - Left, size + 4), XStringFormats.TopRight);
        Y += size + 8;
    }

    public void Paragraph(string text, double size, double indent = 0)
    {
        var font = Mincho(size);
        foreach (var line in Wrap(text, font, Right - Left - indent))
        {
            graphics.DrawString(line, font, XBrushes.Black, new XPoint(Left + indent, Y), XStringFormats.TopLeft);
            Y += size + 5;
        }
    }

    /// <summary>One bordered row: a label cell and a value cell whose text wraps; returns nothing, advances <see cref="Y"/>.</summary>
    public void Row(string label, string value, double size = 11, string? ruby = null)
    {
        var font = Mincho(size);
        var rubyFont = Mincho(7);
        var valueWidth = Right - Left - LabelWidth - 12;
        var lines = Wrap(value, font, valueWidth);
        var rubyHeight = ruby is null ? 0 : 10;
        var height = Math.Max(24, 10 + rubyHeight + lines.Count * (size + 4));
        graphics.DrawRectangle(XPens.Black, Left, Y, LabelWidth, height);
        graphics.DrawRectangle(XPens.Black, Left + LabelWidth, Y, Right - Left - LabelWidth, height);
        graphics.DrawString(label, Gothic(10), XBrushes.Black, new XRect(Left, Y, LabelWidth, height), XStringFormats.Center);
        var y = Y + 5;
        if (ruby is not null)
        {
            graphics.DrawString(ruby, rubyFont, XBrushes.Black, new XPoint(Left + LabelWidth + 6, y), XStringFormats.TopLeft);
            y += rubyHeight;
        }
        foreach (var line in lines)
        {
            graphics.DrawString(line, font, XBrushes.Black, new XPoint(Left + LabelWidth + 6, y), XStringFormats.TopLeft);
            y += size + 4;
        }
        Y += height;
    }

    /// <summary>The issuer line and the mayor's seal (職印), drawn as a red square with the seal text in vertical columns.</summary>
    public void IssuerAndSeal(string issuer, string sealText)
    {
        var font = Mincho(13);
        graphics.DrawString(issuer, font, XBrushes.Black, new XRect(Left, Y + 20, Right - Left - 90, 20), XStringFormats.CenterRight);
        const double size = 70;
        var x = Right - size - 5;
        var y = Y;
        var red = new XPen(XColor.FromArgb(200, 20, 20), 2.2);
        var redBrush = new XSolidBrush(XColor.FromArgb(200, 20, 20));
        graphics.DrawRectangle(red, x, y, size, size);
        graphics.DrawRectangle(new XPen(XColor.FromArgb(200, 20, 20), 0.8), x + 4, y + 4, size - 8, size - 8);
        // Seal text reads top to bottom, columns right to left, in a 3-column grid.
        var columns = (int)Math.Ceiling(sealText.Length / 3.0);
        var cell = (size - 12) / Math.Max(3, columns);
        var sealFont = Mincho(cell * 0.85);
        for (var i = 0; i < sealText.Length; i++)
        {
            var column = i / 3;
            var rowIndex = i % 3;
            var cx = x + size - 6 - (column + 1) * cell;
            var cy = y + 6 + rowIndex * ((size - 12) / 3);
            graphics.DrawString(sealText[i].ToString(), sealFont, redBrush, new XRect(cx, cy, cell, (size - 12) / 3), XStringFormats.Center);
        }
        Y += size + 10;
    }

    /// <summary>Footer on every page: the certificate number and the page's place in this certificate.</summary>
    public void Footer(string certificateNumber, int pageNumber, int pageCount, string note)
    {
        var font = Gothic(8);
        graphics.DrawLine(XPens.Gray, Left, PageHeight - 50, Right, PageHeight - 50);
        graphics.DrawString($"証明書番号 {certificateNumber}", font, XBrushes.Black, new XPoint(Left, PageHeight - 45), XStringFormats.TopLeft);
        graphics.DrawString($"{pageNumber} / {pageCount} ページ", font, XBrushes.Black, new XRect(Left, PageHeight - 45, Right - Left, 10), XStringFormats.TopRight);
        graphics.DrawString(note, font, XBrushes.Gray, new XPoint(Left, PageHeight - 33), XStringFormats.TopLeft);
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            current.Append(c);
            if (graphics.MeasureString(current.ToString(), font).Width > width && current.Length > 1)
            {
                current.Length--;
                lines.Add(current.ToString());
                current.Clear().Append(c);
            }
        }
        if (current.Length > 0 || lines.Count == 0) lines.Add(current.ToString());
        return lines;
    }

    public void Dispose() => graphics.Dispose();
}
