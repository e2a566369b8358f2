using CertOrleans.Documents.Fonts;
namespace CertOrleans.Rendering.Pdf;

/// <summary>A position and size on the page, top-down from its top left, in points.</summary>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    public double Bottom => Y + Height;
}

/// <summary>A colour, each part from 0 to 1.</summary>
internal readonly record struct Rgb(double R, double G, double B);

/// <summary>A font as one document uses it: its name in the page resources and the glyphs drawn from it.</summary>
internal sealed record TextFont(string Resource, FontSubset Subset)
{
    public FontFace Face => Subset.Face;
}

/// <summary>
/// The content stream of one page. Callers think top-down from the top left; PDF counts up from the bottom left,
/// so every y is turned here. Colours, line width and font are written only when they change.
/// </summary>
internal sealed class PageContent(double pageHeight)
{
    /// <summary>The anti-copy background's name in a page's XObject resources.</summary>
    public const string BackgroundResource = "/CertBackground";

    private readonly PdfOutput output = new(12 * 1024);
    private Rgb? fill, stroke;
    private double lineWidth = -1;
    private (TextFont Font, double Size)? font;
    private ushort[] codes = new ushort[128];

    public PdfOutput Output => output;

    public void Background() => output.Raw("q ").Raw(BackgroundResource).Raw(" Do Q\n");

    /// <summary>A line of text whose baseline starts at (x, <paramref name="baseline"/>).</summary>
    public void Text(TextFont textFont, double size, Rgb color, double x, double baseline, string text)
    {
        if (text.Length == 0) return;
        Fill(color);
        if (codes.Length < text.Length) codes = new ushort[text.Length * 2];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var codePoint = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? char.ConvertToUtf32(c, text[++i]) : c;
            codes[count++] = textFont.Subset.Code(codePoint);
        }
        output.Raw("BT\n");
        if (font != (textFont, size))
        {
            output.Raw(textFont.Resource).Raw(" ").Number(size).Raw("Tf\n");
            font = (textFont, size);
        }
        output.Number(x).Number(pageHeight - baseline).Raw("Td\n").Hex(codes.AsSpan(0, count)).Raw(" Tj\nET\n");
    }

    public void StrokeRectangle(Box box, Rgb color, double width)
    {
        Stroke(color, width);
        Rectangle(box).Raw("re S\n");
    }

    public void FillRectangle(Box box, Rgb color)
    {
        Fill(color);
        Rectangle(box).Raw("re f\n");
    }

    public void Line(double x1, double y1, double x2, double y2, Rgb color, double width)
    {
        Stroke(color, width);
        output.Number(x1).Number(pageHeight - y1).Raw("m ").Number(x2).Number(pageHeight - y2).Raw("l S\n");
    }

    public void Image(string resource, Box box) =>
        output.Raw("q ").Number(box.Width).Raw("0 0 ").Number(box.Height).Number(box.X).Number(pageHeight - box.Bottom).Raw("cm ").Raw(resource).Raw(" Do Q\n");

    /// <summary>
    /// Dark QR modules, one rectangle per horizontal run, in module units under one transformation, filled at once.
    /// Each run is a twentieth of a point wider and taller, so neighbouring runs never leave a hairline between them.
    /// </summary>
    public void QrModules(bool[,] modules, double left, double top, double module)
    {
        Fill(new Rgb(0, 0, 0));
        var overlap = 0.05 / module;
        output.Raw("q ").Number(module).Raw("0 0 ").Number(-module).Number(left).Number(pageHeight - top).Raw("cm\n");
        var size = modules.GetLength(0);
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                if (!modules[row, column]) continue;
                var run = 1;
                while (column + run < size && modules[row, column + run]) run++;
                output.Number(column).Number(row).Number(run + overlap).Number(1 + overlap).Raw("re\n");
                column += run;
            }
        }
        output.Raw("f Q\n");
    }

    private PdfOutput Rectangle(Box box) => output.Number(box.X).Number(pageHeight - box.Bottom).Number(box.Width).Number(box.Height);

    private void Fill(Rgb color)
    {
        if (fill == color) return;
        output.Number(color.R).Number(color.G).Number(color.B).Raw("rg\n");
        fill = color;
    }

    private void Stroke(Rgb color, double width)
    {
        if (stroke != color)
        {
            output.Number(color.R).Number(color.G).Number(color.B).Raw("RG\n");
            stroke = color;
        }
        if (lineWidth != width)
        {
            output.Number(width).Raw("w\n");
            lineWidth = width;
        }
    }
}
