using System.Buffers.Binary;

namespace CertOrleans.Rendering.Pdf;

/// <summary>Writes a TrueType font file from its tables, as the format asks: a directory in tag order, each table at a four-byte boundary, checksums.</summary>
internal static class TrueTypeFile
{
    private const int HeadChecksumAdjustment = 8;

    /// <param name="tables">The tables, in ascending tag order.</param>
    public static byte[] Write(IReadOnlyList<(string Tag, ReadOnlyMemory<byte> Data)> tables)
    {
        var directory = 12 + 16 * tables.Count;
        var output = new byte[directory + tables.Sum(t => (t.Data.Length + 3) & ~3)];
        var span = output.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)tables.Count);
        var power = 1;
        while (power * 2 <= tables.Count) power *= 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(16 * power));
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)Math.Log2(power));
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(16 * (tables.Count - power)));
        var (offset, headAt) = (directory, 0);
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, table) = tables[i];
            table.Span.CopyTo(span[offset..]);
            if (tag == "head")
            {
                headAt = offset;
                span.Slice(offset + HeadChecksumAdjustment, 4).Clear();
            }
            var record = span.Slice(12 + 16 * i, 16);
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
