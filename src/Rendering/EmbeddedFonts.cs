using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CertOrleans.Rendering;

/// <summary>
/// Replaces each TrueType font program in a PDF as PDFsharp 6.2.4 saves it (<c>&lt;&lt;/Length1 n/Filter/FlateDecode/Length m&gt;&gt;</c>,
/// then the stream) with its <see cref="TrueTypeSubset.Compact"/> form, and moves the cross-reference offsets behind
/// it. PDFsharp builds the subsets only while saving, so this is the first moment they exist.
/// </summary>
internal static class EmbeddedFonts
{
    private static ReadOnlySpan<byte> FontProgramKey => "<</Length1 "u8;
    private static ReadOnlySpan<byte> StreamStart => ">>\nstream\n"u8;
    private static ReadOnlySpan<byte> CrossReference => "\nxref\n"u8;

    public static byte[] Compact(ReadOnlySpan<byte> pdf)
    {
        var output = new MemoryStream(pdf.Length);
        var shifts = new List<(int After, int By)>();
        var copied = 0;
        while (pdf[copied..].IndexOf(FontProgramKey) is var found and >= 0)
        {
            var start = copied + found;
            var header = start + pdf[start..].IndexOf(StreamStart);
            var dictionary = Encoding.ASCII.GetString(pdf[start..header]);
            if (!dictionary.Contains("/Filter/FlateDecode", StringComparison.Ordinal)) throw new InvalidDataException($"Unexpected font program: {dictionary}");
            var length = int.Parse(dictionary[(dictionary.LastIndexOf("/Length ", StringComparison.Ordinal) + 8)..], CultureInfo.InvariantCulture);
            var fontLength = int.Parse(dictionary[FontProgramKey.Length..dictionary.IndexOf('/', FontProgramKey.Length)], CultureInfo.InvariantCulture);
            var data = header + StreamStart.Length;
            var font = TrueTypeSubset.Compact(Inflate(pdf.Slice(data, length), fontLength));
            var compressed = Deflate(font);
            output.Write(pdf[copied..start]);
            output.Write(Encoding.ASCII.GetBytes($"<</Length1 {font.Length}/Filter/FlateDecode/Length {compressed.Length}"));
            output.Write(StreamStart);
            output.Write(compressed);
            copied = data + length;
            shifts.Add((start, (int)output.Length - copied));
        }
        output.Write(pdf[copied..]);
        var result = output.ToArray();
        MoveOffsets(result, shifts);
        return result;
    }

    /// <summary>Moves the cross-reference entries and <c>startxref</c> by how far the bytes before them moved.</summary>
    /// <param name="shifts">Where each replaced font program began, and how far everything behind it has moved (all replacements so far).</param>
    private static void MoveOffsets(byte[] pdf, List<(int After, int By)> shifts)
    {
        int Moved(int offset) => offset + shifts.LastOrDefault(s => s.After < offset).By;
        var table = pdf.AsSpan().LastIndexOf(CrossReference) + CrossReference.Length;
        var line = table + pdf.AsSpan(table).IndexOf((byte)'\n') + 1;  // "0 n"
        var count = int.Parse(Encoding.ASCII.GetString(pdf, table, line - table - 1).Split(' ')[1], CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++, line += 20)
        {
            if (pdf[line + 17] != (byte)'n') continue;
            var offset = int.Parse(Encoding.ASCII.GetString(pdf, line, 10), CultureInfo.InvariantCulture);
            Encoding.ASCII.GetBytes(Moved(offset).ToString("D10", CultureInfo.InvariantCulture), pdf.AsSpan(line, 10));
        }
        // startxref is the last number before %%EOF; the new one is written in the same digits, padded with spaces.
        var start = pdf.AsSpan().LastIndexOf("startxref\n"u8) + "startxref\n".Length;
        var end = start + pdf.AsSpan(start).IndexOf((byte)'\n');
        var moved = Moved(int.Parse(Encoding.ASCII.GetString(pdf, start, end - start), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        Encoding.ASCII.GetBytes(moved.PadRight(end - start), pdf.AsSpan(start, end - start));
    }

    /// <summary>Inflates a stream whose inflated length the dictionary tells (<c>/Length1</c>), straight into its buffer.</summary>
    private static byte[] Inflate(ReadOnlySpan<byte> compressed, int inflatedLength)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed.ToArray(), writable: false), CompressionMode.Decompress);
        var font = new byte[inflatedLength];
        zlib.ReadExactly(font);
        return font;
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream(data.Length / 4);
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest)) zlib.Write(data);
        return output.ToArray();
    }
}
