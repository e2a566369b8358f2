using System.Globalization;
using CertOrleans.Contracts.Residents;
using CertOrleans.Documents.Images;

namespace CertOrleans.Feed;

/// <summary>One registered 外字 in a resident or family register line: the code point (hex, e.g. "E001" or "20BB7") and a base64 PNG.</summary>
public sealed record GlyphLine(string CodePoint, string Png);

/// <summary>Reads and writes the <c>glyphs</c> of a resident line and of a family register line alike.</summary>
public static class GlyphLines
{
    public static (RegisteredGlyphs? Glyphs, string? Error) Parse(IReadOnlyList<GlyphLine>? lines)
    {
        if (lines is null || lines.Count == 0) return (null, null);
        if (lines.Count > RegisteredGlyphs.MaxGlyphs) return (null, $"glyphs: at most {RegisteredGlyphs.MaxGlyphs} registered glyphs a record");
        var glyphs = new List<RegisteredGlyph>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is not { } line) return (null, $"glyphs[{i}]: an item is null (each must be an object)");
            if (line.CodePoint is null || line.Png is null) return (null, $"glyphs[{i}]: codePoint and png are required");
            if (!int.TryParse(line.CodePoint, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint)
                || line.CodePoint.Length is < 4 or > 6 || !System.Text.Rune.IsValid(codePoint) || codePoint < 0x3000)
                return (null, $"glyphs[{i}].codePoint must be a Unicode code point in hex (E000–F8FF for 外字, or a character the fonts lack)");
            if (glyphs.Any(g => g.CodePoint == codePoint)) return (null, $"glyphs[{i}].codePoint is registered twice");
            byte[] png;
            try
            {
                png = Convert.FromBase64String(line.Png);
            }
            catch (FormatException)
            {
                return (null, $"glyphs[{i}].png must be a base64 PNG");
            }
            if (png.Length > RegisteredGlyphs.MaxPngBytes) return (null, $"glyphs[{i}].png must be a PNG image of at most {RegisteredGlyphs.MaxPngBytes / 1024} KiB");
            if (PrintablePng.Problem(png) is { } problem) return (null, $"glyphs[{i}].png cannot be printed: {problem}");
            glyphs.Add(new RegisteredGlyph(codePoint, png));
        }
        return (new RegisteredGlyphs(glyphs), null);
    }

    public static IReadOnlyList<GlyphLine>? ToLines(RegisteredGlyphs? glyphs) =>
        glyphs?.Items.Select(g => new GlyphLine(g.CodePoint.ToString("X4", CultureInfo.InvariantCulture), Convert.ToBase64String(g.Png))).ToList();
}
