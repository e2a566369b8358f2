using System.Security.Cryptography;
using System.Text;

namespace CertOrleans.Documents.Certificates;

/// <summary>
/// How a PDF draws an image's stored bytes: what they decode to (filter and predictor) and what colours the samples
/// become (colour space, an indexed space's palette, the decode array). The same bytes under another colour space,
/// palette or decode array are another picture, so the fingerprint covers these with the bytes.
/// </summary>
/// <param name="ColorSpace">The colour space's name (<c>DeviceGray</c>, <c>DeviceRGB</c>), or <c>Indexed/{base}</c> with <paramref name="Palette"/>.</param>
/// <param name="DecodeParms">Predictor, colours, bits per component and columns, comma-separated; empty without decode parameters.</param>
/// <param name="Decode">The decode array's numbers, comma-separated; empty without one.</param>
public sealed record ImageDecoding(int Width, int Height, int BitsPerComponent, string ColorSpace, byte[] Palette, string Filter, string DecodeParms, string Decode)
{
    /// <summary>The entries in one canonical line; a value the renderer never writes can still be described, and then never matches.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Width}x{Height}x{BitsPerComponent}|{ColorSpace}|{Convert.ToHexStringLower(Palette)}|{Filter}|{DecodeParms}|{Decode}");
}

public static partial class SignedContent
{
    /// <summary>The prefix of an image fingerprint that covers how the image is drawn (every certificate issued now).</summary>
    public const string DrawnImagePrefix = "sha256-drawn:";

    /// <summary>The prefix of the fingerprints of certificates issued before: size, depth and bytes only. They still verify as they did.</summary>
    public const string BytesImagePrefix = "sha256:";

    /// <summary>
    /// The fingerprint of an embedded image as it is drawn: its decoding (<see cref="ImageDecoding"/>) and stored
    /// bytes, and those of its soft mask. The signed content names the form (<see cref="DrawnImagePrefix"/>), so a
    /// certificate signed with it cannot be checked by the older form.
    /// </summary>
    public static string ImageFingerprint(ImageDecoding image, ReadOnlySpan<byte> stored, ImageDecoding? mask, ReadOnlySpan<byte> maskStored)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes($"image|{image}|{stored.Length}\n"));
        hash.AppendData(stored);
        hash.AppendData(Encoding.ASCII.GetBytes(mask is null ? "no-mask\n" : $"mask|{mask}|{maskStored.Length}\n"));
        hash.AppendData(maskStored);
        return DrawnImagePrefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The fingerprint certificates issued before carry: size, depth and stored bytes, and those of the soft mask.</summary>
    public static string ImageFingerprint(int width, int height, int bitsPerComponent, ReadOnlySpan<byte> stored, ReadOnlySpan<byte> mask)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes(FormattableString.Invariant($"{width}x{height}x{bitsPerComponent}:{stored.Length}:{mask.Length}:")));
        hash.AppendData(stored);
        hash.AppendData(mask);
        return BytesImagePrefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
