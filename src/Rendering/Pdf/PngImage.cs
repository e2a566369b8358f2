using CertOrleans.Documents.Certificates;
using CertOrleans.Documents.Images;

namespace CertOrleans.Rendering.Pdf;

/// <summary>
/// A PNG as a PDF image: its compressed rows, kept as they are (PDF's FlateDecode with PNG predictors reads PNG's
/// own data), with the colour space its header names. An image with an alpha channel is inflated once and split
/// into colour and a soft mask. What is printable is <see cref="PrintablePng"/>'s rule.
/// </summary>
/// <param name="Mask">The soft mask of an image with alpha; its colour is then inflated and unfiltered, not PNG's own data.</param>
/// <param name="ColorSpace">DeviceGray or DeviceRGB; with <paramref name="Palette"/>, the base of an indexed space.</param>
internal sealed record PngImage(int Width, int Height, int BitsPerComponent, string ColorSpace, byte[]? Palette, int Colors, byte[] Data, byte[]? Mask)
{
    private string PdfColorSpace => Palette is null ? "/" + ColorSpace : $"[/Indexed/{ColorSpace} {Palette.Length / 3 - 1}<{Convert.ToHexString(Palette)}>]";

    /// <summary>How the image's stored bytes are drawn, as <see cref="Dictionary"/> writes it (what its fingerprint covers).</summary>
    public ImageDecoding Decoding => new(Width, Height, BitsPerComponent, Palette is null ? ColorSpace : "Indexed/" + ColorSpace, Palette ?? [], "FlateDecode",
        Mask is null ? FormattableString.Invariant($"15,{Colors},{BitsPerComponent},{Width}") : "", "");

    /// <summary>How the soft mask's bytes are drawn, as <see cref="MaskDictionary"/> writes it.</summary>
    public ImageDecoding? MaskDecoding => Mask is null ? null : new(Width, Height, 8, "DeviceGray", [], "FlateDecode", "", "");

    /// <summary>The image's stream dictionary entries (all but /Length), for the image or its mask.</summary>
    public string Dictionary(int? maskObject) =>
        $"/Type/XObject/Subtype/Image/Width {Width}/Height {Height}/BitsPerComponent {BitsPerComponent}/ColorSpace{PdfColorSpace}/Filter/FlateDecode"
        // PNG's own data keeps its per-row filters: PDF reads them as predictors.
        + (Mask is null ? $"/DecodeParms<</Predictor 15/Colors {Colors}/BitsPerComponent {BitsPerComponent}/Columns {Width}>>" : "")
        + (maskObject is { } mask ? $"/SMask {mask} 0 R" : "") + "/Interpolate true";

    public string MaskDictionary => FormattableString.Invariant($"/Type/XObject/Subtype/Image/Width {Width}/Height {Height}/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/FlateDecode/Interpolate true");

    /// <exception cref="InvalidDataException">Not a PNG this writer prints (<see cref="PrintablePng"/>).</exception>
    public static PngImage Read(byte[] png)
    {
        var (layout, problem) = PrintablePng.Read(png);
        if (layout is null) throw Unprintable(problem!);
        var (width, height, depth) = (layout.Width, layout.Height, layout.Depth);
        return layout.ColorType switch
        {
            0 => new(width, height, depth, "DeviceGray", null, 1, layout.Compressed, null),
            2 => new(width, height, depth, "DeviceRGB", null, 3, layout.Compressed, null),
            3 => new(width, height, depth, "DeviceRGB", layout.Palette!, 1, layout.Compressed, null),
            _ => SplitAlpha(layout, layout.ColorType == 6 ? 3 : 1),
        };
    }

    /// <summary>Colour and alpha apart: PDF takes transparency as a separate soft-mask image.</summary>
    private static PngImage SplitAlpha(PrintablePng.Layout layout, int colors)
    {
        var (width, height, pixel) = (layout.Width, layout.Height, colors + 1);
        var rows = Unfiltered(layout.Rows, PrintablePng.RowBytes(width, 8, layout.ColorType), height, pixel);
        var color = new byte[width * height * colors];
        var alpha = new byte[width * height];
        for (var i = 0; i < width * height; i++)
        {
            rows.AsSpan(i * pixel, colors).CopyTo(color.AsSpan(i * colors));
            alpha[i] = rows[i * pixel + colors];
        }
        return new PngImage(width, height, 8, colors == 3 ? "DeviceRGB" : "DeviceGray", null, colors, PdfOutput.Deflate(color), PdfOutput.Deflate(alpha));
    }

    /// <summary>The image's rows with PNG's per-row filters undone.</summary>
    /// <param name="raw">Each row's filter byte and its bytes, as the image data inflates.</param>
    private static byte[] Unfiltered(byte[] raw, int stride, int height, int pixel)
    {
        var rows = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var source = raw.AsSpan(y * (stride + 1) + 1, stride);
            var row = rows.AsSpan(y * stride, stride);
            var above = y > 0 ? rows.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int left = x >= pixel ? row[x - pixel] : 0, up = above[x], corner = x >= pixel ? above[x - pixel] : 0;
                row[x] = (byte)(source[x] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    _ => Paeth(left, up, corner),  // filters above 4 were refused by PrintablePng
                });
            }
        }
        return rows;
    }

    private static int Paeth(int left, int up, int corner)
    {
        var estimate = left + up - corner;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toCorner = Math.Abs(estimate - corner);
        return toLeft <= toUp && toLeft <= toCorner ? left : toUp <= toCorner ? up : corner;
    }

    private static InvalidDataException Unprintable(string why) => new($"The image cannot be printed: {why}.");
}
