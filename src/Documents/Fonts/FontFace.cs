using System.Buffers.Binary;

namespace CertOrleans.Documents.Fonts;

/// <summary>
/// A TrueType font read once per process: its tables, the glyph of every BMP character, and the metrics a
/// certificate is laid out with. Layout follows the rules PDFsharp 6 used for our certificates, so the pages
/// look as they did: a text's width is the sum of its glyphs' advances (hmtx), and its top is the OS/2 Windows
/// ascent above the baseline.
/// </summary>
public sealed class FontFace
{
    private readonly ushort[] glyphOfChar = new ushort[0x10000];
    private readonly Dictionary<int, ushort> glyphOfSupplementary = [];
    private readonly ushort[] advances;
    private readonly short[] bearings;

    public FontFace(string postScriptName, byte[] file)
    {
        PostScriptName = postScriptName;
        File = file;
        Tables = ReadTables(file);
        var head = Table("head");
        UnitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(head[18..]);
        LongLoca = BinaryPrimitives.ReadInt16BigEndian(head[50..]) == 1;
        BoundingBox = [Em(BinaryPrimitives.ReadInt16BigEndian(head[36..])), Em(BinaryPrimitives.ReadInt16BigEndian(head[38..])),
            Em(BinaryPrimitives.ReadInt16BigEndian(head[40..])), Em(BinaryPrimitives.ReadInt16BigEndian(head[42..]))];
        GlyphCount = BinaryPrimitives.ReadUInt16BigEndian(Table("maxp")[4..]);
        var os2 = Table("OS/2");
        WinAscent = BinaryPrimitives.ReadUInt16BigEndian(os2[74..]);
        WinDescent = BinaryPrimitives.ReadUInt16BigEndian(os2[76..]);
        XHeight = Em(BinaryPrimitives.ReadInt16BigEndian(os2[86..]));
        CapHeight = Em(BinaryPrimitives.ReadInt16BigEndian(os2[88..]));
        Loca = Memory("loca");
        Glyf = Memory("glyf");
        var metrics = BinaryPrimitives.ReadUInt16BigEndian(Table("hhea")[34..]);
        var hmtx = Table("hmtx");
        advances = new ushort[GlyphCount];
        bearings = new short[GlyphCount];
        // hmtx: an advance and a left side bearing for each of the first glyphs; the rest repeat the last advance and
        // have a bearing each.
        for (var glyph = 0; glyph < GlyphCount; glyph++)
        {
            advances[glyph] = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(4 * Math.Min(glyph, metrics - 1))..]);
            bearings[glyph] = BinaryPrimitives.ReadInt16BigEndian(hmtx[(glyph < metrics ? 4 * glyph + 2 : 4 * metrics + 2 * (glyph - metrics))..]);
        }
        ReadCharacterMap();
    }

    public string PostScriptName { get; }

    public byte[] File { get; }

    public IReadOnlyDictionary<string, (int Offset, int Length)> Tables { get; }

    public int UnitsPerEm { get; }

    public int GlyphCount { get; }

    public bool LongLoca { get; }

    public int WinAscent { get; }

    public int WinDescent { get; }

    /// <summary>The font descriptor's Ascent and Descent: the Windows ascent and descent in thousandths of an em.</summary>
    public int PdfAscent => Em(WinAscent);

    public int PdfDescent => Em(WinDescent);

    public int CapHeight { get; }

    public int XHeight { get; }

    /// <summary>xMin, yMin, xMax, yMax in thousandths of an em.</summary>
    public int[] BoundingBox { get; }

    public ReadOnlySpan<byte> Table(string tag) => Memory(tag).Span;

    /// <summary>The outline of a glyph as the font stores it (empty for a glyph that draws nothing).</summary>
    public ReadOnlySpan<byte> Outline(ushort glyph)
    {
        var loca = Loca.Span;
        var (start, end) = LongLoca
            ? ((int)BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * glyph)..]), (int)BinaryPrimitives.ReadUInt32BigEndian(loca[(4 * glyph + 4)..]))
            : (2 * BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * glyph)..]), 2 * BinaryPrimitives.ReadUInt16BigEndian(loca[(2 * glyph + 2)..]));
        return Glyf.Span[start..end];
    }

    private ReadOnlyMemory<byte> Loca { get; }

    private ReadOnlyMemory<byte> Glyf { get; }

    private ReadOnlyMemory<byte> Memory(string tag) => Tables[tag] is var (offset, length) ? File.AsMemory(offset, length) : default;

    /// <summary>The glyph for a character; 0 (.notdef) when the font has none.</summary>
    public ushort GlyphOf(int codePoint) => codePoint is >= 0 and <= 0xFFFF ? glyphOfChar[codePoint] : glyphOfSupplementary.GetValueOrDefault(codePoint);

    public int Advance(ushort glyph) => advances[glyph];

    public short LeftSideBearing(ushort glyph) => bearings[glyph];

    /// <summary>The width a PDF font dictionary gives a glyph: thousandths of an em, cut to a whole number.</summary>
    public int PdfWidth(ushort glyph) => advances[glyph] * 1000 / UnitsPerEm;

    /// <summary>How far the text's top lies above its baseline at <paramref name="size"/> points.</summary>
    public double Ascent(double size) => size * WinAscent / UnitsPerEm;

    /// <summary>The width of a text at <paramref name="size"/> points.</summary>
    public double Measure(ReadOnlySpan<char> text, double size)
    {
        long units = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                units += advances[GlyphOf(char.ConvertToUtf32(c, text[++i]))];
            else units += advances[glyphOfChar[c]];
        }
        return units * size / UnitsPerEm;
    }

    private int Em(int units) => (int)Math.Round(units * 1000.0 / UnitsPerEm, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The Windows Unicode subtables: the BMP's (platform 3, encoding 1, format 4), expanded into a table by character,
    /// and the full repertoire's (platform 3, encoding 10, format 12) for the characters beyond it (𠮟 among them).
    /// </summary>
    private void ReadCharacterMap()
    {
        var cmap = Table("cmap");
        var count = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
        for (var i = 0; i < count; i++)
        {
            var record = cmap[(4 + 8 * i)..];
            if (BinaryPrimitives.ReadUInt16BigEndian(record) != 3 || BinaryPrimitives.ReadUInt16BigEndian(record[2..]) != 10) continue;
            var map = cmap[(int)BinaryPrimitives.ReadUInt32BigEndian(record[4..])..];
            if (BinaryPrimitives.ReadUInt16BigEndian(map) != 12) continue;
            var groups = BinaryPrimitives.ReadUInt32BigEndian(map[12..]);
            for (var g = 0; g < groups; g++)
            {
                var group = map[(16 + 12 * g)..];
                var (start, end, glyph) = (BinaryPrimitives.ReadUInt32BigEndian(group), BinaryPrimitives.ReadUInt32BigEndian(group[4..]), BinaryPrimitives.ReadUInt32BigEndian(group[8..]));
                for (var c = Math.Max(start, 0x10000u); c <= end && c <= 0x10FFFF; c++)
                    if (glyph + (c - start) < GlyphCount) glyphOfSupplementary[(int)c] = (ushort)(glyph + (c - start));
            }
        }
        for (var i = 0; i < count; i++)
        {
            var record = cmap[(4 + 8 * i)..];
            if (BinaryPrimitives.ReadUInt16BigEndian(record) != 3 || BinaryPrimitives.ReadUInt16BigEndian(record[2..]) != 1) continue;
            var map = cmap[(int)BinaryPrimitives.ReadUInt32BigEndian(record[4..])..];
            if (BinaryPrimitives.ReadUInt16BigEndian(map) != 4) continue;
            var segments = BinaryPrimitives.ReadUInt16BigEndian(map[6..]) / 2;
            var ends = map[14..];
            var starts = map[(16 + 2 * segments)..];
            var deltas = map[(16 + 4 * segments)..];
            var rangeOffsets = map[(16 + 6 * segments)..];
            for (var s = 0; s < segments; s++)
            {
                int start = BinaryPrimitives.ReadUInt16BigEndian(starts[(2 * s)..]), end = BinaryPrimitives.ReadUInt16BigEndian(ends[(2 * s)..]);
                var delta = BinaryPrimitives.ReadInt16BigEndian(deltas[(2 * s)..]);
                var rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[(2 * s)..]);
                for (var c = start; c <= end && c != 0xFFFF; c++)
                {
                    int glyph;
                    if (rangeOffset == 0) glyph = (c + delta) & 0xFFFF;
                    else
                    {
                        var at = 16 + 6 * segments + 2 * s + rangeOffset + 2 * (c - start);
                        glyph = BinaryPrimitives.ReadUInt16BigEndian(map[at..]);
                        if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
                    }
                    glyphOfChar[c] = glyph < GlyphCount ? (ushort)glyph : (ushort)0;
                }
            }
            return;
        }
        throw new InvalidDataException($"The font {PostScriptName} has no Unicode BMP character map.");
    }

    private static Dictionary<string, (int, int)> ReadTables(byte[] file)
    {
        var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var count = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var record = file.AsSpan(12 + 16 * i, 16);
            tables[System.Text.Encoding.ASCII.GetString(record[..4])] =
                ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }
        return tables;
    }
}
