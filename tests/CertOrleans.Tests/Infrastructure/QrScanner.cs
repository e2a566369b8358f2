using System.Diagnostics;
using ZXing;
using ZXing.Common;

namespace CertOrleans.Tests.Infrastructure;

/// <summary>
/// Scans a certificate the way a phone would scan paper: the PDF page is rasterised (poppler's pdftoppm,
/// 150 dpi, greyscale) and the QR code is decoded from the pixels with ZXing.
/// </summary>
public static class QrScanner
{
    public static string? ScanFirstPage(byte[] pdf)
    {
        var directory = Directory.CreateTempSubdirectory("certorleans-scan-").FullName;
        var input = Path.Combine(directory, "certificate.pdf");
        File.WriteAllBytes(input, pdf);
        var start = new ProcessStartInfo("pdftoppm", ["-gray", "-r", "150", "-f", "1", "-l", "1", input, Path.Combine(directory, "page")])
        {
            RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"pdftoppm failed: {process.StandardError.ReadToEnd()}");
        }
        var (pixels, width, height) = ReadPgm(Directory.GetFiles(directory, "page*.pgm").Single());
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        return reader.Decode(new RGBLuminanceSource(pixels, width, height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }

    /// <summary>Binary PGM (P5, 8-bit): a header of ASCII tokens, then one byte per pixel.</summary>
    private static (byte[] Pixels, int Width, int Height) ReadPgm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[position])) position++;
            var start = position;
            while (!char.IsWhiteSpace((char)bytes[position])) position++;
            return System.Text.Encoding.ASCII.GetString(bytes, start, position - start);
        }
        if (Token() != "P5") throw new InvalidDataException("not a binary PGM");
        var width = int.Parse(Token());
        var height = int.Parse(Token());
        if (Token() != "255") throw new InvalidDataException("not an 8-bit PGM");
        position++; // the single whitespace after the header
        return (bytes[position..(position + width * height)], width, height);
    }
}
