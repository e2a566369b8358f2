using System.Buffers.Binary;

namespace CertOrleans.Documents.Fonts;

/// <summary>
/// A TrueType font program as a certificate PDF carries it (what the renderer's font subset writes: head,
/// loca, glyf …), read to answer one question: does a glyph of it draw the outline that the certificate font draws
/// for a character? A PDF's ToUnicode map says which character a code stands for; only the outline says what a
/// reader sees. A program that is not in that form has no glyph that matches.
/// </summary>
public sealed class EmbeddedFontProgram
{
    private const int InstructionsFlag = 0x0100;
    private readonly ReadOnlyMemory<byte> loca, glyf;
    private readonly bool longLoca;

    private EmbeddedFontProgram(int unitsPerEm, int glyphCount, bool longLoca, ReadOnlyMemory<byte> loca, ReadOnlyMemory<byte> glyf) =>
        (UnitsPerEm, GlyphCount, this.longLoca, this.loca, this.glyf) = (unitsPerEm, glyphCount, longLoca, loca, glyf);

    public int UnitsPerEm { get; }

    public int GlyphCount { get; }

    /// <summary>The program's tables, or null when it lacks one a glyph is read from or its tables lie outside the file.</summary>
    public static EmbeddedFontProgram? TryRead(byte[] program)
    {
        if (program.Length < 12) return null;
        var count = BinaryPrimitives.ReadUInt16BigEndian(program.AsSpan(4));
        if (12 + 16 * count > program.Length) return null;
        var tables = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = program.AsSpan(12 + 16 * i, 16);
            var (offset, length) = (BinaryPrimitives.ReadUInt32BigEndian(record[8..]), BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
            if (offset > program.Length || length > program.Length - offset) return null;
            tables[System.Text.Encoding.ASCII.GetString(record[..4])] = program.AsMemory((int)offset, (int)length);
        }
        if (!tables.TryGetValue("head", out var head) || head.Length < 54 || !tables.TryGetValue("maxp", out var maxp) || maxp.Length < 6
            || !tables.TryGetValue("loca", out var loca) || !tables.TryGetValue("glyf", out var glyf)) return null;
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(head.Span[50..]) == 1;
        var glyphs = BinaryPrimitives.ReadUInt16BigEndian(maxp.Span[4..]);
        if (loca.Length < (glyphs + 1) * (longLoca ? 4 : 2)) return null;
        return new EmbeddedFontProgram(BinaryPrimitives.ReadUInt16BigEndian(head.Span[18..]), glyphs, longLoca, loca, glyf);
    }

    /// <summary>
    /// Whether glyph <paramref name="glyph"/> draws the outline <paramref name="face"/> draws for
    /// <paramref name="codePoint"/>, as the renderer's font subset embeds it: the same points, contours and components,
    /// without hinting instructions, at the same units per em.
    /// </summary>
    public bool Draws(int glyph, FontFace face, int codePoint) =>
        UnitsPerEm == face.UnitsPerEm && face.GlyphOf(codePoint) is var reference and not 0 && SameOutline(glyph, face, reference);

    private bool SameOutline(int glyph, FontFace face, ushort reference)
    {
        if (!TryOutline(glyph, out var embedded)) return false;
        var expected = face.Outline(reference);
        if (expected.IsEmpty) return embedded.IsEmpty;
        int written;
        var outline = new byte[expected.Length];
        if (BinaryPrimitives.ReadInt16BigEndian(expected) >= 0) written = GlyphOutlines.WithoutInstructions(expected, outline);
        else
        {
            // A composite: its components are numbered as this program numbers them, and each must draw the face's.
            var (parts, end) = GlyphOutlines.Components(expected);
            if (embedded.Length < end) return false;
            expected[..end].CopyTo(outline);
            foreach (var (at, component) in parts)
            {
                var flags = BinaryPrimitives.ReadUInt16BigEndian(outline.AsSpan(at));
                BinaryPrimitives.WriteUInt16BigEndian(outline.AsSpan(at), (ushort)(flags & ~InstructionsFlag));
                var numbered = BinaryPrimitives.ReadUInt16BigEndian(embedded[(at + 2)..]);
                BinaryPrimitives.WriteUInt16BigEndian(outline.AsSpan(at + 2), numbered);
                if (!SameOutline(numbered, face, component)) return false;
            }
            written = end;
        }
        // What follows the outline is the padding to four bytes, which draws nothing.
        return embedded.Length >= written && embedded.Length - written < 4 && embedded[..written].SequenceEqual(outline.AsSpan(0, written))
            && !embedded[written..].ContainsAnyExcept((byte)0);
    }

    private bool TryOutline(int glyph, out ReadOnlySpan<byte> outline)
    {
        outline = default;
        if (glyph < 0 || glyph >= GlyphCount) return false;
        var index = loca.Span;
        var (start, end) = longLoca
            ? (BinaryPrimitives.ReadUInt32BigEndian(index[(4 * glyph)..]), BinaryPrimitives.ReadUInt32BigEndian(index[(4 * glyph + 4)..]))
            : (2u * BinaryPrimitives.ReadUInt16BigEndian(index[(2 * glyph)..]), 2u * BinaryPrimitives.ReadUInt16BigEndian(index[(2 * glyph + 2)..]));
        if (start > end || end > glyf.Length) return false;
        outline = glyf.Span[(int)start..(int)end];
        return true;
    }
}
