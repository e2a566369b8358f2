using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CertOrleans.Rendering;

/// <summary>
/// Makes a TrueType subset as PDFsharp 6.2.4 embeds it (glyph ids kept, outlines only for the glyphs used) small:
/// PDFsharp keeps the horizontal metrics of every glyph of the font (12,239 in IPAex, about 15 KB compressed per
/// font) and every glyph's hinting instructions. Here the metrics of glyphs without an outline become zero (a PDF
/// reader takes advances from the font dictionary's widths, never from the font program) and the instructions go:
/// printers and PDF readers (poppler among them) draw these glyphs unhinted. Glyph ids, outlines and the metrics of
/// the glyphs drawn stay as they were.
/// </summary>
internal static class TrueTypeSubset
{
    private const int HeadLocaFormat = 50;
    private const int HeadChecksumAdjustment = 8;

    /// <param name="font">The subset as PDFsharp wrote it; its metrics and header are edited in place.</param>
    public static byte[] Compact(byte[] font)
    {
        var tables = Tables(font);
        var head = MemoryMarshal.AsMemory(tables["head"]).Span;
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(head[HeadLocaFormat..]) == 1;
        var glyphCount = BinaryPrimitives.ReadUInt16BigEndian(tables["maxp"].Span[4..]);
        var horizontalMetrics = BinaryPrimitives.ReadUInt16BigEndian(tables["hhea"].Span[34..]);
        var loca = tables["loca"];
        var glyf = tables["glyf"].Span;
        int Offset(int glyph) => longLoca
            ? (int)BinaryPrimitives.ReadUInt32BigEndian(loca.Span[(4 * glyph)..])
            : 2 * BinaryPrimitives.ReadUInt16BigEndian(loca.Span[(2 * glyph)..]);

        // Without instructions every outline is no longer than it was, and padding to four bytes adds at most three.
        var newGlyf = new byte[glyf.Length + 3 * glyphCount];
        var written = 0;
        var newLoca = new byte[4 * (glyphCount + 1)];
        var hmtx = MemoryMarshal.AsMemory(tables["hmtx"]).Span;
        for (var glyph = 0; glyph < glyphCount; glyph++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * glyph), (uint)written);
            var outline = glyf[Offset(glyph)..Offset(glyph + 1)];
            if (outline.IsEmpty)
            {
                if (glyph < horizontalMetrics) hmtx.Slice(4 * glyph, 4).Clear();
                else hmtx.Slice(4 * horizontalMetrics + 2 * (glyph - horizontalMetrics), 2).Clear();
                continue;
            }
            written += WithoutInstructions(outline, newGlyf.AsSpan(written));
            written = (written + 3) & ~3;
        }
        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * glyphCount), (uint)written);
        BinaryPrimitives.WriteInt16BigEndian(head[HeadLocaFormat..], 1);
        tables["loca"] = newLoca;
        tables["glyf"] = newGlyf.AsMemory(0, written);
        return Write(tables);
    }

    /// <summary>Writes a simple glyph without its instructions, a composite glyph as it is; answers the bytes written.</summary>
    private static int WithoutInstructions(ReadOnlySpan<byte> outline, Span<byte> output)
    {
        var contours = BinaryPrimitives.ReadInt16BigEndian(outline);
        if (contours < 0)
        {
            outline.CopyTo(output);
            return outline.Length;
        }
        var instructionsAt = 10 + 2 * contours;
        var rest = outline[(instructionsAt + 2 + BinaryPrimitives.ReadUInt16BigEndian(outline[instructionsAt..]))..];
        outline[..instructionsAt].CopyTo(output);
        output.Slice(instructionsAt, 2).Clear();
        rest.CopyTo(output[(instructionsAt + 2)..]);
        return instructionsAt + 2 + rest.Length;
    }

    private static SortedDictionary<string, ReadOnlyMemory<byte>> Tables(byte[] font)
    {
        var tables = new SortedDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var record = font.AsSpan(12 + 16 * i, 16);
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            tables[tag] = font.AsMemory((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }
        return tables;
    }

    /// <summary>A font file of the tables in tag order, each at a four-byte boundary, with the checksums the format asks for.</summary>
    private static byte[] Write(SortedDictionary<string, ReadOnlyMemory<byte>> tables)
    {
        var directory = 12 + 16 * tables.Count;
        var output = new byte[directory + tables.Values.Sum(t => (t.Length + 3) & ~3)];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)tables.Count);
        var power = 1;
        while (power * 2 <= tables.Count) power *= 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(16 * power));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)Math.Log2(power));
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(16 * (tables.Count - power)));
        var (index, offset, headAt) = (0, directory, 0);
        foreach (var (tag, table) in tables)
        {
            table.Span.CopyTo(span[offset..]);
            if (tag == "head")
            {
                headAt = offset;
                span.Slice(offset + HeadChecksumAdjustment, 4).Clear();
            }
            var record = span.Slice(12 + 16 * index++, 16);
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(span.Slice(offset, (table.Length + 3) & ~3)));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)table.Length);
            offset += (table.Length + 3) & ~3;
        }
        BinaryPrimitives.WriteUInt32BigEndian(span[(headAt + HeadChecksumAdjustment)..], 0xB1B0AFBA - Checksum(span));
        return output;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4) sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        return sum;
    }
}
