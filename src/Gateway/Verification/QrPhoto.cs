using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
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

    /// <summary>Pixels the QR scan looks at: a larger picture is scaled down first (a printed QR code stays readable).</summary>
    public const int MaxScanSide = 2048;

    /// <summary>How long decoding one picture may take; past it the decoder stops where it is.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    // Only a camera's formats, JPEG and PNG (each one frame in this ImageSharp), and one core per picture. A 1.2 KB
    // animated GIF of a large canvas made every one of its frames a full canvas (1.76 GB for 50 frames).
    private static readonly Configuration Decoders = new(new JpegConfigurationModule(), new PngConfigurationModule()) { MaxDegreeOfParallelism = 1 };

    /// <summary>The text of the first QR code found, or null when the picture is unreadable, too large, too slow or holds none.</summary>
    public static async Task<string?> ReadAsync(byte[] picture, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(Deadline);
        try
        {
            // Bounded by the work it causes, not its bytes: the canvas is bounded before a pixel is decoded.
            var info = Image.Identify(Decoders, new MemoryStream(picture, writable: false));
            if (info is null || (long)info.Width * info.Height > MaxPixels) return null;
            using var image = await Image.LoadAsync<L8>(Decoders, new MemoryStream(picture, writable: false), deadline.Token);
            if (image.Width > MaxScanSide || image.Height > MaxScanSide)
                image.Mutate(Decoders, x => x.Resize(new ResizeOptions { Size = new Size(MaxScanSide, MaxScanSide), Mode = ResizeMode.Max }));
            deadline.Token.ThrowIfCancellationRequested();
            var pixels = new byte[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
            return reader.Decode(new RGBLuminanceSource(pixels, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is UnknownImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return null;
        }
    }
}
