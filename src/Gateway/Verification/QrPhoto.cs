using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZXing;
using ZXing.Common;

namespace CertOrleans.Gateway.Verification;

/// <summary>
/// Reads the verification code from a photo or scan of the paper's QR code (JPEG or PNG, what phone cameras, scanners
/// and screenshots make), decoded on the server with ZXing from ImageSharp's pixels. The image is looked at in memory
/// and dropped.
/// </summary>
public static class QrPhoto
{
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>A larger picture is refused before it is decoded: its pixels could take gigabytes.</summary>
    public const int MaxPixels = 40_000_000;

    /// <summary>The verification code a QR code carries: the code itself, or the verification page's address with <c>?code=</c>.</summary>
    public static string? CodeOf(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")) return text;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query).TryGetValue("code", out var code) ? code.ToString() : null;
    }

    /// <summary>The text of the first QR code found, or null when the picture is unreadable, too large or holds none.</summary>
    public static string? Read(byte[] picture)
    {
        try
        {
            // Bounded by the work it causes, not its bytes: only a camera's formats, JPEG and PNG, each one frame (PNG
            // animation is not read by this ImageSharp). A 1.2 KB animated GIF of a large canvas made every one of its
            // frames a full canvas (1.76 GB for 50 frames).
            var info = Image.Identify(picture, out var format);
            if (info is null || (long)info.Width * info.Height > MaxPixels) return null;
            if (format is not (SixLabors.ImageSharp.Formats.Jpeg.JpegFormat or SixLabors.ImageSharp.Formats.Png.PngFormat)) return null;
            using var image = Image.Load<L8>(picture);
            var pixels = new byte[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
            return reader.Decode(new RGBLuminanceSource(pixels, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return null;
        }
    }
}
