using ZXing.Common;
using ZXing.QrCode.Internal;
using Version = ZXing.QrCode.Internal.Version;

namespace CertOrleans.Rendering;

/// <summary>
/// The modules of the verification code's QR symbol: byte mode, ECC level M, one fixed mask pattern, laid out by
/// ZXing's matrix builder. Any of the eight masks is valid QR; choosing the best by the standard's penalty score (as
/// QRCoder always does) was most of the QR code's cost, and for a code that is mostly base64url of a digest and a
/// signature every mask breaks up the data alike. The codewords are made here rather than by ZXing's encoder, whose
/// Reed–Solomon step builds its generator polynomial and allocates a new polynomial at every step of the division
/// (0.2 of its 0.27 ms a symbol): here each generator is built once, and the remainder is computed in place.
/// QrModulesTests checks every module against ZXing's own encoder and reads codes back.
/// </summary>
public static class QrModules
{
    private const int Mask = 0;
    private static readonly ErrorCorrectionLevel Level = ErrorCorrectionLevel.M;

    /// <summary>GF(2⁸) with QR's field polynomial x⁸ + x⁴ + x³ + x² + 1: powers of α and their logarithms.</summary>
    private static readonly (int[] Exp, int[] Log) Field = FieldTables();

    /// <summary>Generator polynomials by degree: (x − α⁰)(x − α¹)…, coefficients from the highest degree down (the first is 1).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, int[]> Generators = new();

    /// <summary>The symbol without its quiet zone: <c>[row, column]</c>, true for a dark module.</summary>
    /// <param name="payload">ISO-8859-1 text (what QR's byte mode carries without an ECI): the code, or an address with it.</param>
    public static bool[,] Of(string payload)
    {
        if (payload.Any(c => c > 0xFF)) throw new ArgumentException("A verification payload is ISO-8859-1 text.", nameof(payload));
        var version = SmallestVersion(payload.Length);
        var blocks = version.getECBlocksForLevel(Level);
        var dataBytes = version.TotalCodewords - blocks.TotalECCodewords;

        var bits = new BitArray();
        bits.appendBits(0b0100, 4);  // byte mode
        bits.appendBits(payload.Length, CountBits(version));
        foreach (var c in payload) bits.appendBits(c, 8);
        bits.appendBits(0, Math.Min(4, dataBytes * 8 - bits.Size));  // terminator
        if (bits.Size % 8 != 0) bits.appendBits(0, 8 - bits.Size % 8);
        for (var pad = 0; bits.Size < dataBytes * 8; pad++) bits.appendBits(pad % 2 == 0 ? 0xEC : 0x11, 8);

        var data = new byte[dataBytes];
        bits.toBytes(0, data, 0, dataBytes);
        var matrix = new ByteMatrix(version.DimensionForVersion, version.DimensionForVersion);
        MatrixUtil.buildMatrix(Interleaved(data, blocks), Level, version, Mask, matrix);
        var modules = new bool[matrix.Height, matrix.Width];
        for (var row = 0; row < matrix.Height; row++)
            for (var column = 0; column < matrix.Width; column++)
                modules[row, column] = matrix[column, row] == 1;
        return modules;
    }

    private static int CountBits(Version version) => version.VersionNumber <= 9 ? 8 : 16;

    private static Version SmallestVersion(int length)
    {
        for (var number = 1; number <= 40; number++)
        {
            var version = Version.getVersionForNumber(number);
            var capacity = (version.TotalCodewords - version.getECBlocksForLevel(Level).TotalECCodewords) * 8;
            if (4 + CountBits(version) + 8 * length <= capacity) return version;
        }
        throw new ArgumentException("The payload does not fit in a QR code at level M.", nameof(length));
    }

    private static (int[] Exp, int[] Log) FieldTables()
    {
        var (exp, log) = (new int[256], new int[256]);
        for (int i = 0, x = 1; i < 256; i++, x = x << 1 ^ (x >= 128 ? 0x11D : 0))
        {
            exp[i] = x;
            if (i < 255) log[x] = i;
        }
        return (exp, log);
    }

    private static int Multiply(int a, int b) => a == 0 || b == 0 ? 0 : Field.Exp[(Field.Log[a] + Field.Log[b]) % 255];

    private static int[] Generator(int degree)
    {
        var generator = new int[] { 1 };
        for (var i = 0; i < degree; i++)
        {
            // Multiply by (x + αⁱ): in GF(2⁸) minus is plus.
            var next = new int[generator.Length + 1];
            for (var j = 0; j < generator.Length; j++)
            {
                next[j] ^= generator[j];
                next[j + 1] ^= Multiply(generator[j], Field.Exp[i]);
            }
            generator = next;
        }
        return generator;
    }

    /// <summary>The error-correction codewords: the block's polynomial times x^degree, modulo the generator.</summary>
    private static byte[] Remainder(byte[] block, int[] generator)
    {
        var remainder = new int[generator.Length - 1];
        foreach (var word in block)
        {
            var factor = word ^ remainder[0];
            Array.Copy(remainder, 1, remainder, 0, remainder.Length - 1);
            remainder[^1] = 0;
            if (factor == 0) continue;
            for (var i = 0; i < remainder.Length; i++) remainder[i] ^= Multiply(generator[i + 1], factor);
        }
        return remainder.Select(r => (byte)r).ToArray();
    }

    /// <summary>The data split into the version's blocks, each with its error correction, interleaved as the standard orders them.</summary>
    private static BitArray Interleaved(byte[] data, Version.ECBlocks blocks)
    {
        var ecLength = blocks.ECCodewordsPerBlock;
        var generator = Generators.GetOrAdd(ecLength, Generator);
        var split = new List<(byte[] Data, byte[] Ec)>();
        var offset = 0;
        foreach (var group in blocks.getECBlocks())
        {
            for (var i = 0; i < group.Count; i++, offset += group.DataCodewords)
            {
                var block = data[offset..(offset + group.DataCodewords)];
                split.Add((block, Remainder(block, generator)));
            }
        }
        var bits = new BitArray();
        var longest = split.Max(b => b.Data.Length);
        for (var i = 0; i < longest; i++)
            foreach (var (block, _) in split)
                if (i < block.Length) bits.appendBits(block[i], 8);
        for (var i = 0; i < ecLength; i++)
            foreach (var (_, ec) in split) bits.appendBits(ec[i], 8);
        return bits;
    }
}
