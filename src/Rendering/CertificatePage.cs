using CertOrleans.Contracts.Residents;
using CertOrleans.Rendering.Pdf;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Rendering;

/// <summary>
/// One A4 page of a certificate: an anti-copy background, bordered item rows with wrapping, the seal,
/// the verification QR code and the footer with the certificate number and "page i / n". Everything drawn
/// is also recorded, in drawing order, as an <see cref="ContentItem"/> (what it is, where it sits, what it
/// says, or an image's fingerprint): the page's part of the content the verification code signs.
/// Positions are top-down from the page's top left, in points, as the templates think of them.
/// </summary>
public sealed partial class CertificatePage
{
    public const double PageWidth = 595.28;  // A4 in points
    public const double PageHeight = 841.89;
    public const double Left = 50;
    public const double Right = PageWidth - 50;
    public const double LabelWidth = 110;
    public const double QrSize = 80;
    public static readonly (double X, double Y) QrPosition = (Left, PageHeight - 60 - QrSize);
    /// <summary>Where the body must end so it never runs into the verification code.</summary>
    public static readonly double BodyBottom = QrPosition.Y - 12;
    public const double IssuerAndSealHeight = 80;

    private static readonly Rgb Black = new(0, 0, 0), White = new(1, 1, 1), Gray = new(128 / 255.0, 128 / 255.0, 128 / 255.0),
        SealRed = new(200 / 255.0, 20 / 255.0, 20 / 255.0), Shade = new(235 / 255.0, 238 / 255.0, 242 / 255.0);

    private readonly CertificateDocument document;
    private readonly int number;
    private readonly PageContent content;

    internal CertificatePage(CertificateDocument document, int number)
    {
        this.document = document;
        this.number = number;
        content = new PageContent(PageHeight);
        content.Background();
    }

    /// <summary>What this page shows, in drawing order.</summary>
    public List<ContentItem> Items { get; } = [];

    /// <summary>外字 registered for the people on this certificate: drawn as images where their characters stand.</summary>
    public RegisteredGlyphs? Glyphs { get; init; }

    public double Y { get; set; } = 50;

    internal PageContent Content => content;

    /// <summary>The names of the images this page draws, for its resources.</summary>
    internal HashSet<string> Images { get; } = [];

    private TextFont Mincho => document.Mincho;

    private TextFont Gothic => document.Gothic;

    public void Title(string title)
    {
        Draw("title", title, Gothic, 20, Black, new Box(Left, Y, Right - Left, 30), Align.Center);
        Y += 44;
    }

    public void TextRight(string name, string value, double size)
    {
        Draw(name, value, Mincho, size, Black, new Box(Left, Y, Right - Left, size + 4), Align.TopRight);
        Y += size + 8;
    }

    public void Paragraph(string name, string value, double size, double indent = 0)
    {
        var top = Y;
        var glyphsFrom = Items.Count;
        foreach (var line in Wrap(value, Mincho, size, Right - Left - indent))
        {
            DrawLine(line, Mincho, size, Left + indent, Y);
            Y += size + 5;
        }
        Record(name, value, new Box(Left + indent, top, Right - Left - indent, Y - top), glyphsFrom);
    }

    public double ParagraphHeight(string value, double size, double indent = 0) => Wrap(value, Mincho, size, Right - Left - indent).Count * (size + 5);

    /// <summary>The height <see cref="Row"/> will take, so the writer can break the page before it.</summary>
    public double RowHeight(string value, double size = 11, string? ruby = null) => RowHeight(ValueLines(value, size), size, ruby);

    private static double RowHeight(IReadOnlyCollection<string> lines, double size, string? ruby) => Math.Max(24, 10 + (ruby is null ? 0 : 10) + lines.Count * (size + 4));

    private List<string> ValueLines(string value, double size) => Wrap(value, Mincho, size, Right - Left - LabelWidth - 12);

    /// <summary>One bordered row: a label cell and a value cell whose text wraps. The value is signed as the field named by the label.</summary>
    public void Row(string label, string value, double size = 11, string? ruby = null)
    {
        var lines = ValueLines(value, size);
        var height = RowHeight(lines, size, ruby);
        var valueCell = new Box(Left + LabelWidth, Y, Right - Left - LabelWidth, height);
        content.StrokeRectangle(new Box(Left, Y, LabelWidth, height), Black, 1);
        content.StrokeRectangle(valueCell, Black, 1);
        Draw("label", label, Gothic, 10, Black, new Box(Left, Y, LabelWidth, height), Align.Center);
        var y = Y + 5;
        // The reading and the value each get their own box, so no character can move from one to the other.
        if (ruby is not null)
        {
            content.Text(Mincho, 7, Black, Left + LabelWidth + 6, y + Mincho.Face.Ascent(7), ruby);
            Record($"{label}（ふりがな）", ruby, new Box(valueCell.X, y, valueCell.Width, 9));
            y += 10;
        }
        var valueTop = y;
        var glyphsFrom = Items.Count;
        foreach (var line in lines)
        {
            DrawLine(line, Mincho, size, Left + LabelWidth + 6, y);
            y += size + 4;
        }
        Record(label, value, new Box(valueCell.X, valueTop, valueCell.Width, valueCell.Bottom - valueTop), glyphsFrom);
        Y += height;
    }

    /// <summary>A shaded band that starts a block (one person of a household, one part of a tax certificate).</summary>
    public void SectionHeading(string heading)
    {
        var lines = HeadingLines(heading);
        var band = new Box(Left, Y, Right - Left, HeadingHeight(lines.Count));
        content.FillRectangle(band, Shade);
        content.StrokeRectangle(band, Black, 1);
        // A household member's name may hold a registered 外字: the heading draws it as the rows do. A long name in the alphabet wraps.
        var glyphsFrom = Items.Count;
        for (var i = 0; i < lines.Count; i++) DrawLine(lines[i], Gothic, 10, Left + 6, Y + 4 + i * HeadingLineHeight);
        Record("heading", heading, band, glyphsFrom);
        Y += band.Height;
    }

    /// <summary>The height <see cref="SectionHeading"/> will take.</summary>
    public double SectionHeadingHeight(string heading) => HeadingHeight(HeadingLines(heading).Count);

    private const double HeadingLineHeight = 14;

    private static double HeadingHeight(int lines) => 18 + (lines - 1) * HeadingLineHeight;

    private List<string> HeadingLines(string heading) => Wrap(heading, Gothic, 10, Right - Left - 12);

    /// <summary>A registered seal impression, fitted into a square frame; signed by its fingerprint as stored in the PDF.</summary>
    public void SealImpression(string label, byte[] png, double size = 90)
    {
        content.StrokeRectangle(new Box(Left, Y, LabelWidth, size + 10), Black, 1);
        content.StrokeRectangle(new Box(Left + LabelWidth, Y, Right - Left - LabelWidth, size + 10), Black, 1);
        Draw("label", label, Gothic, 10, Black, new Box(Left, Y, LabelWidth, size + 10), Align.Center);
        var placed = new Box(Left + LabelWidth + 10, Y + 5, size, size);
        Record(ContentItem.ImagePrefix + label, DrawImage(png, placed), placed);
        Y += size + 10;
    }

    /// <summary>Draws a PNG (stored once per document) and answers the fingerprint of the image as stored in the PDF.</summary>
    private string DrawImage(byte[] png, Box placed)
    {
        var image = document.Image(png);
        Images.Add(image.Name);
        content.Image(image.Name, placed);
        return image.Fingerprint;
    }

    /// <summary>The issuer line and the mayor's seal (職印), a red square with the seal text in vertical columns.</summary>
    public void IssuerAndSeal(string issuer, string sealText)
    {
        Draw("issuer", issuer, Mincho, 13, Black, new Box(Left, Y + 20, Right - Left - 90, 20), Align.CenterRight);
        const double size = 70;
        var x = Right - size - 5;
        var y = Y;
        content.StrokeRectangle(new Box(x, y, size, size), SealRed, 2.2);
        content.StrokeRectangle(new Box(x + 4, y + 4, size - 8, size - 8), SealRed, 0.8);
        // Seal text reads top to bottom, columns right to left, three characters a column.
        var characters = sealText.EnumerateRunes().Select(r => r.ToString()).ToList();
        var columns = (int)Math.Ceiling(characters.Count / 3.0);
        var cell = (size - 12) / Math.Max(3, columns);
        for (var i = 0; i < characters.Count; i++)
        {
            var cx = x + size - 6 - (i / 3 + 1) * cell;
            var cy = y + 6 + i % 3 * ((size - 12) / 3);
            Show(characters[i], Mincho, cell * 0.85, Ink("seal"), new Box(cx, cy, cell, (size - 12) / 3), Align.Center);
        }
        Record("seal", sealText, new Box(x, y, size, size));
        Y += size + 10;
    }

    /// <summary>The caption beside the QR code and the footer; drawn last on the page, before the code is signed.</summary>
    public void Footer(string certificateNumber, int pageNumber, int pageCount, string note)
    {
        var caption = QrPosition.X + QrSize + 6;
        Draw("caption", "検証コード", Gothic, 7, Black, new Box(caption, QrPosition.Y + 8, Right - caption, 10), Align.TopLeft);
        Draw("caption", "この証明書の真正性は、検証コードと記載内容により確認できます。", Gothic, 7, Black, new Box(caption, QrPosition.Y + 20, Right - caption, 10), Align.TopLeft);
        content.Line(Left, PageHeight - 50, Right, PageHeight - 50, Gray, 1);
        Draw("certificate-number", $"証明書番号 {certificateNumber}", Gothic, 8, Black, new Box(Left, PageHeight - 45, Right - Left, 11), Align.TopLeft);
        Draw("page", $"{pageNumber} / {pageCount} ページ", Gothic, 8, Black, new Box(Left, PageHeight - 45, Right - Left, 11), Align.TopRight);
        Draw("note", note, Gothic, 8, Ink("note"), new Box(Left, PageHeight - 33, Right - Left, 11), Align.TopLeft);
    }

    /// <summary>The quiet zone around the symbol, in modules: the margin the standard asks for.</summary>
    private const int QuietZone = 4;

    /// <summary>The signed verification code as a QR code (ECC level M, <see cref="QrModules.Of"/>, made once for all pages), drawn as vector modules so it prints sharp.</summary>
    internal void VerificationQr(bool[,] modules)
    {
        var size = modules.GetLength(0);
        var module = QrSize / (size + 2 * QuietZone);
        content.FillRectangle(new Box(QrPosition.X, QrPosition.Y, QrSize, QrSize), White);
        content.QrModules(modules, QrPosition.X + QuietZone * module, QrPosition.Y + QuietZone * module, module);
    }

    private static Rgb Ink(string item)
    {
        var (r, g, b) = ItemInk.Of(item);
        return new(r, g, b);
    }

    private enum Align { TopLeft, TopRight, Center, CenterRight }

    /// <summary>Text placed in a box as the certificate's layout always placed it: centred lines sit 3/8 of an ascent below the middle.</summary>
    private void Show(string value, TextFont font, double size, Rgb color, Box box, Align align)
    {
        var width = align == Align.TopLeft ? 0 : font.Face.Measure(value, size);
        var x = align switch
        {
            Align.Center => box.X + (box.Width - width) / 2,
            Align.TopRight or Align.CenterRight => box.X + box.Width - width,
            _ => box.X,
        };
        var ascent = font.Face.Ascent(size);
        var baseline = align is Align.Center or Align.CenterRight ? box.Y + box.Height / 2 + ascent * 3 / 8 : box.Y + ascent;
        content.Text(font, size, color, x, baseline, value);
    }

    private void Draw(string name, string value, TextFont font, double size, Rgb color, Box box, Align align)
    {
        Show(value, font, size, color, box, align);
        Record(name, value, box);
    }

    /// <summary>Records a text item; the glyph images drawn for it since <paramref name="glyphsFrom"/> stay after it, in drawing order.</summary>
    private void Record(string name, string value, Box box, int? glyphsFrom = null)
    {
        var item = new ContentItem(number, ContentBox.Around(box.X, box.Y, box.Width, box.Height), name, value);
        if (glyphsFrom is { } from && from < Items.Count) Items.Insert(from, item);
        else Items.Add(item);
    }
}
