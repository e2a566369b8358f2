using CertOrleans.Rendering;
using ZXing;
using ZXing.Common;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Documents;

/// <summary>
/// The QR symbol is encoded with one fixed mask instead of the best-scoring of eight: every verification code, bare
/// or in the verification page's address, must still read back exactly from the modules as printed.
/// </summary>
public sealed class QrModulesTests
{
    private const int PixelsPerModule = 3;

    [Fact]
    public void Many_verification_codes_read_back_from_the_fixed_mask_symbol()
    {
        var random = new Random(20261126);
        for (var i = 0; i < 300; i++)
        {
            var number = $"092011-20261126-{random.Next(0, int.MaxValue):X10}";
            var code = new VerificationCode(number, i % 3 == 0 ? "juminhyo" : "koseki-zenbu", "092011", DateTimeOffset.FromUnixTimeSeconds(1_795_000_000 + i), 1 + i % 4,
                RandomBytes(random, 32), RandomBytes(random, 64)).ToString();
            var payload = i % 2 == 0 ? code : $"https://verify.city.example.jp/check?code={code}";
            Assert.Equal(payload, Read(QrModules.Of(payload)));
        }
    }

    [Fact]
    public void Every_module_is_the_one_zxings_own_encoder_places()
    {
        var random = new Random(7);
        // Lengths across versions 1 to 14, around the boundaries where the version and the block layout change. Each
        // payload starts with a lower-case letter, as every code does, so ZXing too encodes it in byte mode.
        for (var length = 1; length <= 400; length += 1 + length / 20)
        {
            var payload = (char)random.Next('a', 'z' + 1) + new string(Enumerable.Range(1, length - 1).Select(_ => (char)random.Next(0x21, 0x7F)).ToArray());
            var expected = ZXing.QrCode.Internal.Encoder.encode(payload, ZXing.QrCode.Internal.ErrorCorrectionLevel.M,
                new Dictionary<EncodeHintType, object> { [EncodeHintType.QR_MASK_PATTERN] = 0 }).Matrix;
            var modules = QrModules.Of(payload);
            Assert.Equal(expected.Width, modules.GetLength(0));
            for (var row = 0; row < expected.Height; row++)
                for (var column = 0; column < expected.Width; column++)
                    Assert.True(modules[row, column] == (expected[column, row] == 1), $"length {length}: module ({row}, {column}) differs");
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Draws the modules with a four-module quiet zone, as the page does, and decodes them as a scanner would.</summary>
    private static string? Read(bool[,] modules)
    {
        var size = modules.GetLength(0);
        var side = (size + 8) * PixelsPerModule;
        var pixels = Enumerable.Repeat((byte)255, side * side).ToArray();
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var (row, column) = (y / PixelsPerModule - 4, x / PixelsPerModule - 4);
                if (row >= 0 && row < size && column >= 0 && column < size && modules[row, column]) pixels[y * side + x] = 0;
            }
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(new RGBLuminanceSource(pixels, side, side, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}
