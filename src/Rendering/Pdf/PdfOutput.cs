using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CertOrleans.Rendering.Pdf;

/// <summary>
/// Bytes of PDF syntax written into one growing buffer: operators and names as ASCII, numbers as PDF writes them
/// (at most four decimals, no exponent), hex strings. Page content and the file itself are both written with it.
/// </summary>
internal sealed class PdfOutput(int capacity = 16 * 1024)
{
    private byte[] buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    public PdfOutput Raw(string ascii)
    {
        Ensure(ascii.Length);
        Length += Encoding.ASCII.GetBytes(ascii, buffer.AsSpan(Length));
        return this;
    }

    public PdfOutput Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(Length));
        Length += bytes.Length;
        return this;
    }

    /// <summary>A number and a space after it.</summary>
    public PdfOutput Number(double value)
    {
        Ensure(32);
        // Rounded first, so that -0.00001 is written 0 and not -0.
        var rounded = Math.Round(value, 4, MidpointRounding.AwayFromZero);
        if (rounded == 0) rounded = 0;
        rounded.TryFormat(buffer.AsSpan(Length), out var written, "0.####", CultureInfo.InvariantCulture);
        Length += written;
        buffer[Length++] = (byte)' ';
        return this;
    }

    /// <summary>A whole number and a space after it.</summary>
    public PdfOutput Number(int value)
    {
        Ensure(12);
        value.TryFormat(buffer.AsSpan(Length), out var written, default, CultureInfo.InvariantCulture);
        Length += written;
        buffer[Length++] = (byte)' ';
        return this;
    }

    /// <summary>Two-byte character codes as a hex string, <c>&lt;0001002A&gt;</c>.</summary>
    public PdfOutput Hex(ReadOnlySpan<ushort> codes)
    {
        Ensure(2 + 4 * codes.Length);
        buffer[Length++] = (byte)'<';
        foreach (var code in codes)
        {
            buffer[Length++] = HexDigit(code >> 12);
            buffer[Length++] = HexDigit((code >> 8) & 0xF);
            buffer[Length++] = HexDigit((code >> 4) & 0xF);
            buffer[Length++] = HexDigit(code & 0xF);
        }
        buffer[Length++] = (byte)'>';
        return this;
    }

    /// <summary>Everything written, compressed as a FlateDecode stream's data.</summary>
    public byte[] Deflated() => Deflate(Written);

    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 3 + 64);
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest)) zlib.Write(data);
        return output.ToArray();
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);

    private void Ensure(int more)
    {
        if (Length + more <= buffer.Length) return;
        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + more));
    }
}
