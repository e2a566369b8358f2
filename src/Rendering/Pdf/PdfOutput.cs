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

    /// <summary>A number and a space after it: rounded to four decimals, trailing zeros dropped (as "0.####" formats it).</summary>
    public PdfOutput Number(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(value), value, "A PDF number must be finite and within ±2^31.");
        var scaled = (long)Math.Round(value * 10_000, MidpointRounding.AwayFromZero);
        if (scaled < 0)
        {
            Ensure(1);
            buffer[Length++] = (byte)'-';
            scaled = -scaled;
        }
        var (whole, fraction) = (scaled / 10_000, (int)(scaled % 10_000));
        Number((int)whole);
        if (fraction == 0) return this;
        Length--;  // the space after the whole part
        Ensure(6);
        buffer[Length++] = (byte)'.';
        for (var unit = 1000; fraction > 0; unit /= 10)
        {
            buffer[Length++] = (byte)('0' + fraction / unit);
            fraction %= unit;
        }
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

    /// <summary>
    /// zlib level 2: measured on a 住民票's streams, level 1 (zlib-ng's quick strategy) left the page content half as
    /// large again for no less time, and levels above 2 saved under 2 % more for twice the time or more.
    /// </summary>
    private static readonly ZLibCompressionOptions Compression = new() { CompressionLevel = 2 };

    /// <summary>
    /// zlib level 1, for font programs: compressing them was a third of a render's CPU (perf), and level 1 took a
    /// 住民票's render from 1.65 to 1.42 ms for 2.8 KB more (39.3 KB); the page content stays at level 2.
    /// </summary>
    private static readonly ZLibCompressionOptions Fast = new() { CompressionLevel = 1 };

    /// <param name="fast">Level 1 instead of 2: for font programs, where it costs little in size.</param>
    public static byte[] Deflate(ReadOnlySpan<byte> data, bool fast = false)
    {
        using var output = new MemoryStream(data.Length / 2 + 64);
        using (var zlib = new ZLibStream(output, fast ? Fast : Compression)) zlib.Write(data);
        return output.ToArray();
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);

    private void Ensure(int more)
    {
        if (Length + more <= buffer.Length) return;
        Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + more));
    }
}
