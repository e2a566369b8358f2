using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Pki.Verification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using UglyToad.PdfPig;

namespace CertOrleans.Tests.Documents;

/// <summary>
/// A seal registry may send its impressions as any common PNG: grey, colour, with a palette or with an alpha channel.
/// Each is printed where it was signed, looks like the impression sent (its dark strokes dark, its background light),
/// and verifies; a PNG the writer cannot print is refused with a clear error, never a blank seal.
/// </summary>
public sealed class SealImageTests
{
    public static TheoryData<string> Kinds => ["gray", "rgb", "rgba", "gray-alpha", "palette"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_seal_impression_of_each_png_kind_is_printed_and_verifies(string kind)
    {
        var signer = new TestSigner();
        var resident = TestResidents.Make(7, "9");
        var rendered = await TestCertificates.RenderAsync(CertificateType.SealRegistration, resident, seal: Seal(Impression(kind)), signer: signer);

        var reading = PdfCertificateReader.Read(rendered.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, [signer.PublicKey()]));

        // Poppler draws the impression: a dark stroke through the middle of its square, a light corner.
        var page = PageRaster.Gray(rendered.Pdf, 72)[0];
        using var pdf = PdfDocument.Open(rendered.Pdf);
        var box = pdf.GetPage(1).GetImages().Single().BoundingBox;
        var (left, top) = ((int)box.Left, (int)(page.Height - box.Top));
        Assert.True(page.Pixels[(top + 45) * page.Width + left + 45] < 100, $"{kind}: the stroke is not dark");
        Assert.True(page.Pixels[(top + 4) * page.Width + left + 4] > 150, $"{kind}: the background is not light");
    }

    [Fact]
    public async Task An_interlaced_png_is_refused_with_a_clear_error()
    {
        var png = Impression("gray", PngInterlaceMode.Adam7);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            TestCertificates.RenderAsync(CertificateType.SealRegistration, TestResidents.Make(7, "9"), seal: Seal(png)));
        Assert.Contains("interlaced", error.Message);
    }

    private static SealRegistration Seal(byte[] png) =>
        new() { SourceVersion = 1, RegistrationNumber = "092011-000000007", SealImagePng = png, RegisteredOn = new DateOnly(2010, 4, 1) };

    /// <summary>A 120-pixel impression, a thick dark cross on a white (or, with alpha, transparent) ground, as a PNG of the kind named.</summary>
    private static byte[] Impression(string kind, PngInterlaceMode interlace = PngInterlaceMode.None)
    {
        var colorType = kind switch
        {
            "gray" => PngColorType.Grayscale,
            "rgb" => PngColorType.Rgb,
            "rgba" => PngColorType.RgbWithAlpha,
            "gray-alpha" => PngColorType.GrayscaleWithAlpha,
            "palette" => PngColorType.Palette,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var transparent = kind is "rgba" or "gray-alpha";
        using var image = new Image<Rgba32>(120, 120, transparent ? new Rgba32(255, 255, 255, 0) : new Rgba32(255, 255, 255, 255));
        var ink = kind is "rgb" or "rgba" or "palette" ? new Rgba32(60, 10, 10, 255) : new Rgba32(0, 0, 0, 255);
        for (var y = 0; y < 120; y++)
            for (var x = 0; x < 120; x++)
                if (x is >= 50 and < 70 && y is >= 10 and < 110 || y is >= 50 and < 70 && x is >= 10 and < 110) image[x, y] = ink;
        using var output = new MemoryStream();
        image.SaveAsPng(output, new PngEncoder { ColorType = colorType, BitDepth = PngBitDepth.Bit8, InterlaceMethod = interlace });
        return output.ToArray();
    }
}
