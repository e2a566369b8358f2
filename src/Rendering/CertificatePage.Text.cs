using System.Text;
using CertOrleans.Rendering.Pdf;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Rendering;

/// <summary>Text layout of a page: lines wrapped by character, and registered 外字 drawn as images within a line.</summary>
public sealed partial class CertificatePage
{
    /// <summary>One line of text at (x, y), top left: runs of text in the font, each registered 外字 as its image, one em square.</summary>
    private void DrawLine(string line, TextFont font, double size, double x, double y)
    {
        var baseline = y + font.Face.Ascent(size);
        if (Glyphs is null || !line.EnumerateRunes().Any(r => Glyphs.For(r.Value) is not null))
        {
            content.Text(font, size, Black, x, baseline, line);
            return;
        }
        var run = new StringBuilder();
        void Flush()
        {
            if (run.Length == 0) return;
            var text = run.ToString();
            content.Text(font, size, Black, x, baseline, text);
            x += font.Face.Measure(text, size);
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
            var placed = new Box(x, y, size, size);
            Items.Add(new ContentItem(number, ContentBox.Around(placed.X, placed.Y, placed.Width, placed.Height), ContentItem.GlyphName(rune.Value), DrawImage(png, placed)));
            x += size;
        }
        Flush();
    }

    /// <summary>
    /// Breaks text into lines that fit <paramref name="width"/>: by character (Japanese has no word spaces), but after the
    /// last space of the line where there is one, so a name in the alphabet breaks between its words. A space may hang
    /// past the width (it draws nothing); a word longer than a line still breaks by character, so nothing overflows.
    /// </summary>
    private List<string> Wrap(string value, TextFont font, double size, double width)
    {
        var lines = new List<string>(2);
        var start = 0;
        var used = 0.0;
        var afterSpace = -1;
        // By character, not by UTF-16 unit: a character outside the BMP is never split across lines.
        for (var i = 0; i < value.Length;)
        {
            Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var length);
            var advance = Advance(value.AsSpan(i, length), rune, font, size);
            if (used + advance > width && i > start && rune.Value != ' ')
            {
                var end = afterSpace > start ? afterSpace : i;
                lines.Add(value[start..end]);
                start = end;
                used = Width(value.AsSpan(start, i - start), font, size);
                afterSpace = -1;
            }
            used += advance;
            i += length;
            if (rune.Value == ' ') afterSpace = i;
        }
        if (start < value.Length || lines.Count == 0) lines.Add(value[start..]);
        return lines;
    }

    private double Advance(ReadOnlySpan<char> character, Rune rune, TextFont font, double size) =>
        Glyphs?.For(rune.Value) is not null ? size : font.Face.Measure(character, size);

    private double Width(ReadOnlySpan<char> text, TextFont font, double size)
    {
        var width = 0.0;
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var length);
            width += Advance(text.Slice(i, length), rune, font, size);
            i += length;
        }
        return width;
    }
}
