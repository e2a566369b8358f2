using System.Text;
using PdfSharp.Drawing;
using CertOrleans.Contracts.Certificates;

namespace CertOrleans.Rendering;

/// <summary>Text layout of a page: lines wrapped by character, and registered 外字 drawn as images within a line.</summary>
public sealed partial class CertificatePage
{
    /// <summary>One line of text at (x, y), top left: runs of text in the font, each registered 外字 as its image, one em square.</summary>
    private void DrawLine(string line, XFont font, double x, double y)
    {
        if (Glyphs is null || !line.EnumerateRunes().Any(r => Glyphs.For(r.Value) is not null))
        {
            graphics.DrawString(line, font, XBrushes.Black, new XPoint(x, y), XStringFormats.TopLeft);
            return;
        }
        var run = new StringBuilder();
        void Flush()
        {
            if (run.Length == 0) return;
            graphics.DrawString(run.ToString(), font, XBrushes.Black, new XPoint(x, y), XStringFormats.TopLeft);
            x += graphics.MeasureString(run.ToString(), font).Width;
            run.Clear();
        }
        foreach (var rune in line.EnumerateRunes())
        {
            if (Glyphs.For(rune.Value) is not { } png)
            {
                run.Append(rune.ToString());
                continue;
            }
            Flush();
            var placed = new XRect(x, y, font.Size, font.Size);
            Items.Add(new ContentItem(number, ContentBox.Around(placed.X, placed.Y, placed.Width, placed.Height), ContentItem.GlyphName(rune.Value), DrawImage(png, placed)));
            x += font.Size;
        }
        Flush();
    }

    /// <summary>Breaks text into lines that fit <paramref name="width"/>, by character (Japanese has no word spaces).</summary>
    private List<string> Wrap(string value, XFont font, double width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        var used = 0.0;
        // By character, not by UTF-16 unit: a character outside the BMP is never split across lines.
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.ToString();
            var advance = Glyphs?.For(rune.Value) is not null ? font.Size : Advance(font, c);
            if (used + advance > width && current.Length > 0)
            {
                lines.Add(current.ToString());
                current.Clear();
                used = 0;
            }
            current.Append(c);
            used += advance;
        }
        if (current.Length > 0 || lines.Count == 0) lines.Add(current.ToString());
        return lines;
    }

    // Character widths per font and size, measured once per process: wrapping measured whole prefixes before.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Family, double Size, string Character), double> Advances = new();

    private double Advance(XFont font, string c) =>
        Advances.GetOrAdd((font.FontFamily.Name, font.Size, c), key => graphics.MeasureString(key.Character, font).Width);
}
