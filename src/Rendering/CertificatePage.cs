using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace CertOrleans.Rendering;

/// <summary>
/// One A4 page of a certificate: an anti-copy background, bordered item rows with wrapping, the seal,
/// the verification QR code and the footer with the certificate number and "page i / n". Everything drawn
/// is also recorded, in drawing order, as an <see cref="ContentItem"/> (what it is, where it sits, what it
/// says, or an image's fingerprint): the page's part of the content the verification code signs.
/// </summary>
public sealed partial class CertificatePage : IDisposable
{
    public const double PageWidth = 595.28;  // A4 in points
    public const double PageHeight = 841.89;
    public const double Left = 50;
    public const double Right = PageWidth - 50;
    public const double LabelWidth = 110;
    public const double QrSize = 80;
    public static readonly XPoint QrPosition = new(Left, PageHeight - 60 - QrSize);
    /// <summary>Where the body must end so it never runs into the verification code.</summary>
    public static readonly double BodyBottom = QrPosition.Y - 12;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XColor SealRed = XColor.FromArgb(200, 20, 20);
    private readonly PdfPage page;
    private readonly int number;
    private readonly XGraphics graphics;

    /// <param name="background">The document's <see cref="AntiCopyBackground"/>, drawn beneath everything else.</param>
    public CertificatePage(PdfDocument document, int number, PdfReference background)
    {
        page = document.AddPage();
        page.Width = XUnit.FromPoint(PageWidth);
        page.Height = XUnit.FromPoint(PageHeight);
        this.number = number;
        AntiCopyBackground.DrawOn(page, background);
        graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
    }

    /// <summary>What this page shows, in drawing order.</summary>
    public List<ContentItem> Items { get; } = [];

    /// <summary>外字 registered for the people on this certificate: drawn as images where their characters stand.</summary>
    public RegisteredGlyphs? Glyphs { get; init; }

    private readonly Dictionary<string, string> imageFingerprints = [];

    public double Y { get; set; } = 50;

    public static XFont Mincho(double size) => new(JapaneseFonts.Mincho, size, XFontStyleEx.Regular, Unicode);

    public static XFont Gothic(double size) => new(JapaneseFonts.Gothic, size, XFontStyleEx.Regular, Unicode);

    public void Title(string title)
    {
        Draw("title", title, Gothic(20), XBrushes.Black, new XRect(Left, Y, Right - Left, 30), XStringFormats.Center);
        Y += 44;
    }

    public void TextRight(string name, string value, double size)
    {
        Draw(name, value, Mincho(size), XBrushes.Black, new XRect(Left, Y, Right - Left, size + 4), XStringFormats.TopRight);
        Y += size + 8;
    }

    public void Paragraph(string name, string value, double size, double indent = 0)
    {
        var font = Mincho(size);
        var top = Y;
        var glyphsFrom = Items.Count;
        foreach (var line in Wrap(value, font, Right - Left - indent))
        {
            DrawLine(line, font, Left + indent, Y);
            Y += size + 5;
        }
        Record(name, value, new XRect(Left + indent, top, Right - Left - indent, Y - top), glyphsFrom);
    }

    public double ParagraphHeight(string value, double size, double indent = 0) => Wrap(value, Mincho(size), Right - Left - indent).Count * (size + 5);

    /// <summary>The height <see cref="Row"/> will take, so the writer can break the page before it.</summary>
    public double RowHeight(string value, double size = 11, string? ruby = null) =>
        Math.Max(24, 10 + (ruby is null ? 0 : 10) + Wrap(value, Mincho(size), Right - Left - LabelWidth - 12).Count * (size + 4));

    /// <summary>One bordered row: a label cell and a value cell whose text wraps. The value is signed as the field named by the label.</summary>
    public void Row(string label, string value, double size = 11, string? ruby = null)
    {
        var font = Mincho(size);
        var lines = Wrap(value, font, Right - Left - LabelWidth - 12);
        var height = RowHeight(value, size, ruby);
        var valueCell = new XRect(Left + LabelWidth, Y, Right - Left - LabelWidth, height);
        graphics.DrawRectangle(XPens.Black, Left, Y, LabelWidth, height);
        graphics.DrawRectangle(XPens.Black, valueCell);
        Draw("label", label, Gothic(10), XBrushes.Black, new XRect(Left, Y, LabelWidth, height), XStringFormats.Center);
        var y = Y + 5;
        // The reading and the value each get their own box, so no character can move from one to the other.
        if (ruby is not null)
        {
            graphics.DrawString(ruby, Mincho(7), XBrushes.Black, new XPoint(Left + LabelWidth + 6, y), XStringFormats.TopLeft);
            Record($"{label}（ふりがな）", ruby, new XRect(valueCell.X, y, valueCell.Width, 9));
            y += 10;
        }
        var valueTop = y;
        var glyphsFrom = Items.Count;
        foreach (var line in lines)
        {
            DrawLine(line, font, Left + LabelWidth + 6, y);
            y += size + 4;
        }
        Record(label, value, new XRect(valueCell.X, valueTop, valueCell.Width, valueCell.Bottom - valueTop), glyphsFrom);
        Y += height;
    }

    /// <summary>A shaded band that starts a block (one person of a household, one part of a tax certificate).</summary>
    public void SectionHeading(string heading)
    {
        graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 238, 242)), Left, Y, Right - Left, 18);
        graphics.DrawRectangle(XPens.Black, Left, Y, Right - Left, 18);
        // A household member's name may hold a registered 外字: the heading draws it as the rows do.
        var glyphsFrom = Items.Count;
        DrawLine(heading, Gothic(10), Left + 6, Y + 4);
        Record("heading", heading, new XRect(Left, Y, Right - Left, 18), glyphsFrom);
        Y += 18;
    }

    /// <summary>A registered seal impression, fitted into a square frame; signed by its fingerprint as stored in the PDF.</summary>
    public void SealImpression(string label, byte[] png, double size = 90)
    {
        graphics.DrawRectangle(XPens.Black, Left, Y, LabelWidth, size + 10);
        graphics.DrawRectangle(XPens.Black, Left + LabelWidth, Y, Right - Left - LabelWidth, size + 10);
        Draw("label", label, Gothic(10), XBrushes.Black, new XRect(Left, Y, LabelWidth, size + 10), XStringFormats.Center);
        var placed = new XRect(Left + LabelWidth + 10, Y + 5, size, size);
        Record(ContentItem.ImagePrefix + label, DrawImage(png, placed), placed);
        Y += size + 10;
    }

    /// <summary>
    /// Draws a PNG and answers the fingerprint of the image as stored in the PDF. The same PNG drawn again (a 外字 used
    /// twice) reuses the image object stored the first time, so its fingerprint is remembered by the PNG's hash.
    /// </summary>
    private string DrawImage(byte[] png, XRect placed)
    {
        using var stream = new MemoryStream(png);
        using var image = XImage.FromStream(stream);
        var before = StoredImages().Keys.ToHashSet();
        graphics.DrawImage(image, placed);
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(png));
        if (StoredImages().Where(i => !before.Contains(i.Key)).Select(i => i.Value).SingleOrDefault() is { } drawn) imageFingerprints[key] = Fingerprint(drawn);
        return imageFingerprints[key];
    }

    /// <summary>The issuer line and the mayor's seal (職印), a red square with the seal text in vertical columns.</summary>
    public void IssuerAndSeal(string issuer, string sealText)
    {
        Draw("issuer", issuer, Mincho(13), XBrushes.Black, new XRect(Left, Y + 20, Right - Left - 90, 20), XStringFormats.CenterRight);
        const double size = 70;
        var x = Right - size - 5;
        var y = Y;
        graphics.DrawRectangle(new XPen(SealRed, 2.2), x, y, size, size);
        graphics.DrawRectangle(new XPen(SealRed, 0.8), x + 4, y + 4, size - 8, size - 8);
        // Seal text reads top to bottom, columns right to left, three characters a column.
        var columns = (int)Math.Ceiling(sealText.Length / 3.0);
        var cell = (size - 12) / Math.Max(3, columns);
        var font = Mincho(cell * 0.85);
        var brush = new XSolidBrush(SealRed);
        for (var i = 0; i < sealText.Length; i++)
        {
            var cx = x + size - 6 - (i / 3 + 1) * cell;
            var cy = y + 6 + i % 3 * ((size - 12) / 3);
            graphics.DrawString(sealText[i].ToString(), font, brush, new XRect(cx, cy, cell, (size - 12) / 3), XStringFormats.Center);
        }
        Record("seal", sealText, new XRect(x, y, size, size));
        Y += size + 10;
    }

    public const double IssuerAndSealHeight = 80;

    /// <summary>The caption beside the QR code and the footer; drawn last on the page, before the code is signed.</summary>
    public void Footer(string certificateNumber, int pageNumber, int pageCount, string note)
    {
        var small = Gothic(7);
        var caption = QrPosition.X + QrSize + 6;
        Draw("caption", "検証コード", small, XBrushes.Black, new XRect(caption, QrPosition.Y + 8, Right - caption, 10), XStringFormats.TopLeft);
        Draw("caption", "この証明書の真正性は、検証コードと記載内容により確認できます。", small, XBrushes.Black, new XRect(caption, QrPosition.Y + 20, Right - caption, 10), XStringFormats.TopLeft);
        var font = Gothic(8);
        graphics.DrawLine(XPens.Gray, Left, PageHeight - 50, Right, PageHeight - 50);
        Draw("certificate-number", $"証明書番号 {certificateNumber}", font, XBrushes.Black, new XRect(Left, PageHeight - 45, Right - Left, 11), XStringFormats.TopLeft);
        Draw("page", $"{pageNumber} / {pageCount} ページ", font, XBrushes.Black, new XRect(Left, PageHeight - 45, Right - Left, 11), XStringFormats.TopRight);
        Draw("note", note, font, XBrushes.Gray, new XRect(Left, PageHeight - 33, Right - Left, 11), XStringFormats.TopLeft);
    }

    /// <summary>The quiet zone around the symbol, in modules: the margin the standard asks for.</summary>
    private const int QuietZone = 4;

    /// <summary>The signed verification code as a QR code (ECC level M), drawn as vector modules so it prints sharp.</summary>
    public void VerificationQr(string payload)
    {
        var modules = QrModules.Of(payload);
        var size = modules.GetLength(0);
        var module = QrSize / (size + 2 * QuietZone);
        var origin = new XPoint(QrPosition.X + QuietZone * module, QrPosition.Y + QuietZone * module);
        graphics.DrawRectangle(XBrushes.White, QrPosition.X, QrPosition.Y, QrSize, QrSize);
        // One rectangle per horizontal run of dark modules: the same code in a third of the drawing operations.
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                if (!modules[row, column]) continue;
                var run = 1;
                while (column + run < size && modules[row, column + run]) run++;
                graphics.DrawRectangle(XBrushes.Black, origin.X + column * module, origin.Y + row * module, run * module + 0.05, module + 0.05);
                column += run;
            }
        }
    }

    public void Dispose() => graphics.Dispose();

    private void Draw(string name, string value, XFont font, XBrush brush, XRect rect, XStringFormat format)
    {
        graphics.DrawString(value, font, brush, rect, format);
        Record(name, value, rect);
    }

    /// <summary>Records a text item; the glyph images drawn for it since <paramref name="glyphsFrom"/> stay after it, in drawing order.</summary>
    private void Record(string name, string value, XRect box, int? glyphsFrom = null)
    {
        var item = new ContentItem(number, ContentBox.Around(box.X, box.Y, box.Width, box.Height), name, value);
        if (glyphsFrom is { } from && from < Items.Count) Items.Insert(from, item);
        else Items.Add(item);
    }

    /// <summary>The page's image objects by object number, as PDFsharp stored them when they were drawn.</summary>
    private Dictionary<int, PdfDictionary> StoredImages()
    {
        var images = new Dictionary<int, PdfDictionary>();
        if (page.Resources.Elements.GetDictionary("/XObject") is not { } objects) return images;
        foreach (var key in objects.Elements.Keys)
            if (objects.Elements.GetReference(key) is { Value: PdfDictionary image } reference && image.Elements.GetName("/Subtype") == "/Image")
                images[reference.ObjectNumber] = image;
        return images;
    }

    private static string Fingerprint(PdfDictionary image)
    {
        var mask = (image.Elements.GetReference("/SMask")?.Value as PdfDictionary)?.Stream?.Value ?? [];
        return SignedContent.ImageFingerprint(image.Elements.GetInteger("/Width"), image.Elements.GetInteger("/Height"),
            image.Elements.GetInteger("/BitsPerComponent"), image.Stream?.Value ?? [], mask);
    }
}
