using System.Buffers.Binary;
using System.IO.Compression;

namespace CertOrleans.Documents.Images;

/// <summary>
/// What makes a PNG printable on a certificate (a seal impression, a registered 外字): a well-formed PNG of at most
/// 1,024 pixels a side, not interlaced, grey, RGB or palette colour (alpha as a channel at 8 bits, not as a tRNS
/// chunk), whose image data inflates to exactly its rows, each with a known filter. The registry feed refuses
/// anything else when it arrives, and the PDF writer reads by the same rule, so a certificate never prints a blank
/// or garbled seal, and no PNG can make the writer allocate more than its rows.
/// </summary>
public static class PrintablePng
{
    /// <summary>
    /// A printable PNG, read: its header, its palette (colour type 3), its image data as stored, and the rows that
    /// data inflates to (each a filter byte and <see cref="RowBytes"/> bytes).
    /// </summary>
    public sealed record Layout(int Width, int Height, int Depth, int ColorType, byte[]? Palette, byte[] Compressed, byte[] Rows);

    public const int MaxSide = 1024;

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Why the PNG cannot be printed, or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<byte> png) => Read(png).Problem;

    /// <summary>The PNG read in one pass, or why it cannot be printed.</summary>
    public static (Layout? Layout, string? Problem) Read(ReadOnlySpan<byte> png)
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(Signature)) return (null, "it is not a PNG");
        var (width, height, depth, colorType) = (0, 0, 0, -1);
        byte[]? palette = null;
        using var data = new MemoryStream();
        for (var at = 8; ;)
        {
            if (at + 12 > png.Length) return (null, "it ends before its IEND chunk");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > (uint)(png.Length - at - 12)) return (null, "a chunk runs past its end");
            var type = png.Slice(at + 4, 4);
            var body = png.Slice(at + 8, (int)length);
            var first = at == 8;
            at += 12 + (int)length;
            if (first != type.SequenceEqual("IHDR"u8)) return (null, first ? "it does not start with its IHDR chunk" : "it has a second IHDR chunk");
            if (type.SequenceEqual("IHDR"u8))
            {
                if (body.Length != 13) return (null, "its IHDR chunk is damaged");
                var (w, h) = (BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
                if (w is 0 or > MaxSide || h is 0 or > MaxSide) return (null, $"it is not between 1 and {MaxSide} pixels a side");
                (width, height, depth, colorType) = ((int)w, (int)h, body[8], body[9]);
                if (body[12] != 0) return (null, "it is interlaced");
                if (!Supported(colorType, depth)) return (null, $"its colour type {colorType} at {depth} bits is not printed");
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                if (palette is not null || data.Length > 0) return (null, "its palette is repeated or comes after the image data");
                if (body.Length is 0 or > 768 || body.Length % 3 != 0) return (null, "its palette is damaged");
                palette = body.ToArray();
            }
            else if (type.SequenceEqual("tRNS"u8)) return (null, "its transparency is given by a tRNS chunk");
            else if (type.SequenceEqual("IDAT"u8)) data.Write(body);
            else if (type.SequenceEqual("IEND"u8)) break;
        }
        if (colorType == 3 && (palette is null || palette.Length / 3 > 1 << depth)) return (null, "its palette is missing or larger than its bit depth allows");
        if (data.Length == 0) return (null, "it has no image data");
        var compressed = data.ToArray();
        var (rows, problem) = Inflated(compressed, RowBytes(width, depth, colorType), height);
        return rows is null ? (null, problem) : (new Layout(width, height, depth, colorType, colorType == 3 ? palette : null, compressed, rows), null);
    }

    /// <summary>The bytes of one row of pixels, before its filter byte.</summary>
    public static int RowBytes(int width, int depth, int colorType) =>
        (width * depth * colorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 } + 7) / 8;

    private static bool Supported(int colorType, int depth) => colorType switch
    {
        0 => depth is 1 or 2 or 4 or 8 or 16,
        2 => depth is 8 or 16,
        3 => depth is 1 or 2 or 4 or 8,
        4 or 6 => depth == 8,
        _ => false,
    };

    /// <summary>The image data must inflate to exactly <paramref name="height"/> rows, each a filter (0–4) and its bytes; it is read no further.</summary>
    private static (byte[]? Rows, string? Problem) Inflated(byte[] compressed, int rowBytes, int height)
    {
        var rows = new byte[(rowBytes + 1) * height];
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            if (zlib.ReadAtLeast(rows, rows.Length, throwOnEndOfStream: false) != rows.Length) return (null, "its image data is shorter than its rows");
            if (zlib.ReadByte() >= 0) return (null, "its image data is longer than its rows");
        }
        catch (InvalidDataException)
        {
            return (null, "its image data is damaged");
        }
        for (var row = 0; row < height; row++)
            if (rows[row * (rowBytes + 1)] > 4) return (null, "a row has an unknown filter");
        return (rows, null);
    }
}
