using System.Diagnostics;

namespace CertOrleans.Tests.Support;

/// <summary>One page rasterised by poppler (pdftoppm, greyscale), one byte per pixel, rows top to bottom.</summary>
public sealed record GrayPage(byte[] Pixels, int Width, int Height);

/// <summary>Rasterises PDF pages with poppler's pdftoppm: how a phone camera or a printer sees a certificate.</summary>
public static class PageRaster
{
    public static IReadOnlyList<GrayPage> Gray(byte[] pdf, int dpi, int firstPage = 1, int? lastPage = null)
    {
        var directory = Directory.CreateTempSubdirectory("certorleans-raster-").FullName;
        try
        {
            var input = Path.Combine(directory, "certificate.pdf");
            File.WriteAllBytes(input, pdf);
            List<string> arguments = ["-gray", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", firstPage.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (lastPage is { } last) arguments.AddRange(["-l", last.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            arguments.AddRange([input, Path.Combine(directory, "page")]);
            using (var process = Process.Start(new ProcessStartInfo("pdftoppm", arguments) { RedirectStandardError = true })!)
            {
                var errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0) throw new InvalidOperationException($"pdftoppm failed: {errors}");
            }
            return Directory.GetFiles(directory, "page*.pgm").Order(StringComparer.Ordinal).Select(ReadPgm).ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Binary PGM (P5, 8-bit): a header of ASCII tokens, then one byte per pixel.</summary>
    private static GrayPage ReadPgm(string path)
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
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        if (Token() != "255") throw new InvalidDataException("not an 8-bit PGM");
        position++; // the single whitespace after the header
        return new GrayPage(bytes[position..(position + width * height)], width, height);
    }
}
