using System.Globalization;
using System.IO.Compression;
using System.Text;
using CertOrleans.Rendering.Pdf;

namespace CertOrleans.Rendering;

/// <summary>
/// A printable stand-in for security paper: a fine tinted guilloche of crossing waves (48 bands of two waves) behind
/// the text. (The latent 「複写」 that appears on photocopies is the store paper's job.) Every band of a kind is the
/// same wave moved sideways by its phase, so the page places one stored wave of each kind 48 times: the content is
/// formatted and compressed once per process, and each document carries it once, as form XObjects.
/// </summary>
internal static class AntiCopyBackground
{
    private const int Bands = 48;
    private const double Step = 12;  // a point every 12 pt (ten or more a wave) draws smooth waves
    private const double Amplitude = 7;
    /// <summary>The waves end at the last point on the page (x = 588), as they did when each was drawn whole.</summary>
    private static readonly double WavesEnd = Math.Floor(CertificatePage.PageWidth / Step) * Step;
    private static readonly (double Period, double Phase)[] Waves = [(23.0, 0.7), (-19.0, 1.3)];

    private static readonly byte[][] WaveStreams = Waves.Select(w => Compress(Wave(w.Period))).ToArray();
    private static readonly byte[] BackgroundStream = Compress(Placements());

    /// <summary>Writes the background's form objects into a document; answers the form every page draws.</summary>
    public static int Write(PdfFile file)
    {
        var waves = new int[Waves.Length];
        for (var i = 0; i < Waves.Length; i++)
        {
            var length = 2 * Math.PI * Math.Abs(Waves[i].Period) + WavesEnd + Step;
            waves[i] = file.Reserve();
            file.Stream(waves[i], $"/Type/XObject/Subtype/Form/BBox[0 {Format(-Amplitude - 1)} {Format(length)} {Format(Amplitude + 1)}]/Filter/FlateDecode", WaveStreams[i]);
        }
        var background = file.Reserve();
        var forms = string.Concat(waves.Select((w, i) => $"/W{i} {w} 0 R"));
        file.Stream(background, $"/Type/XObject/Subtype/Form/BBox[0 0 {Format(CertificatePage.PageWidth)} {Format(CertificatePage.PageHeight)}]"
            + $"/Resources<</ExtGState<</GS0<</Type/ExtGState/CA {Format(40 / 255.0)}>>>>/XObject<<{forms}>>>>/Filter/FlateDecode", BackgroundStream);
        return background;
    }

    /// <summary>One wave, y = −7 sin(u / period) in PDF's upward y, long enough to cover the page from any phase.</summary>
    private static string Wave(double period)
    {
        var text = new StringBuilder();
        var length = 2 * Math.PI * Math.Abs(period) + WavesEnd + Step;
        for (var u = 0.0; u <= length; u += Step)
            text.Append(CultureInfo.InvariantCulture, $"{Format(u)} {Format(-Amplitude * Math.Sin(u / period))} {(u == 0 ? "m" : "l")}\n");
        return text.Append("S\n").ToString();
    }

    /// <summary>The pen, the tint and every band: band b of a wave is y = 20 + 17b + 7 sin(x / period + b·phase), top down.</summary>
    private static string Placements()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"q 0 0 {Format(WavesEnd)} {Format(CertificatePage.PageHeight)} re W n\n");
        text.Append("0.35 w 0 J 0 j [] 0 d 0.275 0.431 0.627 RG /GS0 gs\n");
        for (var band = 0; band < Bands; band++)
            for (var i = 0; i < Waves.Length; i++)
            {
                var (period, phase) = Waves[i];
                var cycle = 2 * Math.PI * Math.Abs(period);
                var shift = (period * band * phase % cycle + cycle) % cycle;
                var baseline = CertificatePage.PageHeight - (20 + band * 17);
                text.Append(CultureInfo.InvariantCulture, $"q 1 0 0 1 {Format(-shift)} {Format(baseline)} cm /W{i} Do Q\n");
            }
        return text.Append("Q\n").ToString();
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static byte[] Compress(string content)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize)) zlib.Write(Encoding.ASCII.GetBytes(content));
        return output.ToArray();
    }
}
