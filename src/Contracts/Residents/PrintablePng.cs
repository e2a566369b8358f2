using System.Buffers.Binary;

namespace CertOrleans.Contracts.Residents;

/// <summary>
/// What makes a PNG printable on a certificate (a seal impression, a registered 外字): a well-formed PNG of at most
/// 4096 pixels a side, not interlaced, grey, RGB or palette colour (alpha as a channel at 8 bits, not as a tRNS
/// chunk). The registry feed refuses anything else when it arrives, and the PDF writer reads by the same rules.
/// </summary>
public static class PrintablePng
{
    public const int MaxSide = 4096;

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Why the PNG cannot be printed, or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<byte> png)
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(Signature)) return "it is not a PNG";
        var (header, palette, data) = (false, false, false);
        for (var at = 8; ; )
        {
            if (at + 12 > png.Length) return "it ends before its IEND chunk";
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > (uint)(png.Length - at - 12)) return "a chunk runs past its end";
            var type = png.Slice(at + 4, 4);
            var body = png.Slice(at + 8, (int)length);
            if (!header && !type.SequenceEqual("IHDR"u8)) return "it does not start with its IHDR chunk";
            if (type.SequenceEqual("IHDR"u8))
            {
                if (body.Length != 13) return "its IHDR chunk is damaged";
                var (width, height, depth, colorType) = (BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]), body[8], body[9]);
                if (width is 0 or > MaxSide || height is 0 or > MaxSide) return $"it is not between 1 and {MaxSide} pixels a side";
                if (body[12] != 0) return "it is interlaced";
                var supported = colorType switch
                {
                    0 => depth is 1 or 2 or 4 or 8 or 16,
                    2 => depth is 8 or 16,
                    3 => depth is 1 or 2 or 4 or 8,
                    4 or 6 => depth == 8,
                    _ => false,
                };
                if (!supported) return $"its colour type {colorType} at {depth} bits is not printed";
                header = true;
                palette = colorType != 3;
            }
            else if (type.SequenceEqual("PLTE"u8)) palette = palette || body.Length is > 0 and <= 768 && body.Length % 3 == 0;
            else if (type.SequenceEqual("tRNS"u8)) return "its transparency is given by a tRNS chunk";
            else if (type.SequenceEqual("IDAT"u8)) data = true;
            else if (type.SequenceEqual("IEND"u8)) return !palette ? "it has no palette" : !data ? "it has no image data" : null;
            at += 12 + (int)length;
        }
    }
}
