using ZXing;
using ZXing.QrCode.Internal;

namespace CertOrleans.Rendering;

/// <summary>
/// The modules of the verification code's QR symbol (ECC level M), by ZXing's encoder with one fixed mask pattern.
/// Any of the eight masks is valid QR; choosing the best by the standard's penalty score (as QRCoder always does)
/// was most of the QR code's cost, and for a code that is mostly base64url of a digest and a signature every mask
/// breaks up the data alike (QrModulesTests reads many codes back).
/// </summary>
public static class QrModules
{
    private const int Mask = 0;
    private static readonly Dictionary<EncodeHintType, object> Hints = new() { [EncodeHintType.QR_MASK_PATTERN] = Mask };

    /// <summary>The symbol without its quiet zone: <c>[row, column]</c>, true for a dark module.</summary>
    public static bool[,] Of(string payload)
    {
        var matrix = Encoder.encode(payload, ErrorCorrectionLevel.M, Hints).Matrix;
        var modules = new bool[matrix.Height, matrix.Width];
        for (var row = 0; row < matrix.Height; row++)
            for (var column = 0; column < matrix.Width; column++)
                modules[row, column] = matrix[column, row] == 1;
        return modules;
    }
}
