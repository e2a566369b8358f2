using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace CertOrleans.Grains.Documents;

/// <summary>
/// Drawing primitives shared by every certificate template: A4 pages with an anti-copy background,
/// bordered item rows with wrapping, the mayor's seal, the verification QR code and the footer that
/// carries the certificate number and "page i / n" on every page. Every string drawn is also appended,
/// in drawing order, to the document's text: the canonical content the verification code signs.
/// </summary>
public sealed class CertificatePage : IDisposable
{
    public const double PageWidth = 595.28;  // A4 in points
    public const double PageHeight = 841.89;
    public const double Left = 50;
    public const double Right = PageWidth - 50;
    public const double LabelWidth = 110;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    public const double QrSize = 80;
    public static readonly XPoint QrPosition = new(Left, PageHeight - 60 - QrSize);

    private readonly XGraphics graphics;
    private readonly StringBuilder text;

    public CertificatePage(PdfDocument document, StringBuilder text)
    {
        this.text = text;
        var page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        graphics = XGraphics.FromPdfPage(page);
        AntiCopyBackground();
    }

    private void Draw(string value, XFont font, XBrush brush, XRect rect, XStringFormat format)
    {
        graphics.DrawString(value, font, brush, rect, format);
        text.Append(value);
    }

    private void Draw(string value, XFont font, XBrush brush, XPoint point, XStringFormat format)
    {
        graphics.DrawString(value, font, brush, point, format);
        text.Append(value);
    }

    /// <summary>
    /// A printable stand-in for security paper: a fine tinted guilloche of crossing waves behind the text.
    /// (The latent 「複写」 that appears on photocopies is the store paper's job.)
    /// </summary>
    private void AntiCopyBackground()
    {
        var pen = new XPen(XColor.FromArgb(40, 70, 110, 160), 0.35);
        for (var band = 0; band < 48; band++)
        {
            var points = new List<XPoint>();
            for (var x = 0.0; x <= PageWidth; x += 6)
                points.Add(new XPoint(x, 20 + band * 17 + 7 * Math.Sin(x / 23.0 + band * 0.7)));
            graphics.DrawLines(pen, points.ToArray());
            points.Clear();
            for (var x = 0.0; x <= PageWidth; x += 6)
                points.Add(new XPoint(x, 20 + band * 17 + 7 * Math.Sin(-x / 19.0 + band * 1.3)));
            graphics.DrawLines(pen, points.ToArray());
        }
    }

    /// <summary>The caption beside the QR code; drawn with the text, before the code is signed.</summary>
    public void VerificationCaption()
    {
        var font = Gothic(7);
        Draw("検証コード", font, XBrushes.Black, new XPoint(QrPosition.X + QrSize + 6, QrPosition.Y + 8), XStringFormats.TopLeft);
        Draw("この証明書の真正性は、検証コードと記載内容により確認できます。", font, XBrushes.Black, new XPoint(QrPosition.X + QrSize + 6, QrPosition.Y + 20), XStringFormats.TopLeft);
    }

    /// <summary>The signed verification code as a QR code (ECC level M), drawn as vector modules so it prints sharp.</summary>
    public void VerificationQr(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = QrSize / matrix.Count;
        graphics.DrawRectangle(XBrushes.White, QrPosition.X, QrPosition.Y, QrSize, QrSize);
        for (var row = 0; row < matrix.Count; row++)
            for (var column = 0; column < matrix[row].Count; column++)
                if (matrix[row][column])
                    graphics.DrawRectangle(XBrushes.Black, QrPosition.X + column * module, QrPosition.Y + row * module, module + 0.05, module + 0.05);
    }

    public double Y { get; set; } = 50;

    public static XFont Mincho(double size) => new(JapaneseFonts.Mincho, size, XFontStyleEx.Regular, Unicode);

    public static XFont Gothic(double size) => new(JapaneseFonts.Gothic, size, XFontStyleEx.Regular, Unicode);

    public void Title(string title)
    {
        var font = Gothic(20);
        Draw(title, font, XBrushes.Black, new XRect(Left, Y, Right - Left, 30), XStringFormats.Center);
        Y += 44;
    }

    public void TextRight(string value, double size)
    {
        Draw(value, Mincho(size), XBrushes.Black, new XRect(Left, Y, Right - Left, size + 4), XStringFormats.TopRight);
        Y += size + 8;
    }

    public void Paragraph(string value, double size, double indent = 0)
    {
        var font = Mincho(size);
        foreach (var line in Wrap(value, font, Right - Left - indent))
        {
            Draw(line, font, XBrushes.Black, new XPoint(Left + indent, Y), XStringFormats.TopLeft);
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
        Draw(label, Gothic(10), XBrushes.Black, new XRect(Left, Y, LabelWidth, height), XStringFormats.Center);
        var y = Y + 5;
        if (ruby is not null)
        {
            Draw(ruby, rubyFont, XBrushes.Black, new XPoint(Left + LabelWidth + 6, y), XStringFormats.TopLeft);
            y += rubyHeight;
        }
        foreach (var line in lines)
        {
            Draw(line, font, XBrushes.Black, new XPoint(Left + LabelWidth + 6, y), XStringFormats.TopLeft);
            y += size + 4;
        }
        Y += height;
    }

    /// <summary>The issuer line and the mayor's seal (職印), drawn as a red square with the seal text in vertical columns.</summary>
    public void IssuerAndSeal(string issuer, string sealText)
    {
        var font = Mincho(13);
        Draw(issuer, font, XBrushes.Black, new XRect(Left, Y + 20, Right - Left - 90, 20), XStringFormats.CenterRight);
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
            Draw(sealText[i].ToString(), sealFont, redBrush, new XRect(cx, cy, cell, (size - 12) / 3), XStringFormats.Center);
        }
        Y += size + 10;
    }

    /// <summary>Footer on every page: the certificate number and the page's place in this certificate.</summary>
    public void Footer(string certificateNumber, int pageNumber, int pageCount, string note)
    {
        var font = Gothic(8);
        graphics.DrawLine(XPens.Gray, Left, PageHeight - 50, Right, PageHeight - 50);
        Draw($"証明書番号 {certificateNumber}", font, XBrushes.Black, new XPoint(Left, PageHeight - 45), XStringFormats.TopLeft);
        Draw($"{pageNumber} / {pageCount} ページ", font, XBrushes.Black, new XRect(Left, PageHeight - 45, Right - Left, 10), XStringFormats.TopRight);
        Draw(note, font, XBrushes.Gray, new XPoint(Left, PageHeight - 33), XStringFormats.TopLeft);
    }

    private List<string> Wrap(string value, XFont font, double width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var c in value)
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
