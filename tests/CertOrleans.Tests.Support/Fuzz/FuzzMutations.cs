using System.Text;
using CsCheck;

namespace CertOrleans.Tests.Support.Fuzz;

/// <summary>
/// One edit of a seed: positions are taken modulo the seed's length, so every edit applies to every seed and
/// CsCheck shrinks an edit towards the start of the input and the simplest operation.
/// </summary>
public readonly record struct Edit(int Op, int At, int Length, int Value);

/// <summary>CsCheck generators that damage seeds: text (characters and UTF-8 bytes) and binary.</summary>
public static class FuzzMutations
{
    /// <summary>Characters parsers trip on: NUL, controls, lone surrogates, BOM, separators, JSON punctuation.</summary>
    public static readonly string[] Specials =
        ["\0", "\u0001", "\u001f", "\u007f", "\t", "\r", "\n", "\ud800", "\udc00", "\udbff", "\uffff", "\ufffe", "\ufeff", "\u2028", "\u0085", "\u00a0",
         "\u3000", "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "-", "+", ".", "=", "_", "/", "0", "9", "１", "٣"];

    /// <summary>Whole tokens: huge and negative numbers, wrong types, bad escapes, dates that do not exist.</summary>
    public static readonly string[] Tokens =
        ["null", "true", "[]", "{}", "\"\"", "0", "-1", "1e400", "-1e400", "1.5", "99999999999999999999999999", "9223372036854775808", "-9223372036854775809",
         "\\u0000", "\\ud800", "\\udc00\\ud800", "\\", "\"2026-02-30\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"10000-01-01\"", "NaN", "Infinity", "0x10", "[null]",
         "00000000000000000000000000000000000000000000000000000000000000000000001", "{\"$ref\":\"1\"}", "{\"$id\":\"1\"}", "253402300800", "-0", "1E+2"];

    public static readonly Gen<Edit> EditGen = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1 << 20], Gen.Int[1, 24], Gen.Int[0, char.MaxValue], (op, at, length, value) => new Edit(op, at, length, value));

    /// <summary>Strings of any UTF-16 code units, lone surrogates included.</summary>
    public static readonly Gen<string> AnyText =
        Gen.Frequency((3, Gen.Char[char.MinValue, char.MaxValue].Array[0, 64].Select(a => new string(a))), (2, Gen.Char[' ', '~'].Array[0, 64].Select(a => new string(a))),
            (1, Gen.Int[0, Specials.Length - 1].Array[0, 16].Select(a => string.Concat(a.Select(i => Specials[i])))));

    /// <summary>A seed picked from <paramref name="seeds"/> with one to four edits.</summary>
    public static Gen<string> Mutated(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], EditGen.Array[1, 4], (i, edits) => Apply(seeds[i], edits));

    public static string Apply(string seed, IEnumerable<Edit> edits) => edits.Aggregate(seed, Apply);

    public static string Apply(string text, Edit e)
    {
        var at = text.Length == 0 ? 0 : e.At % (text.Length + 1);
        var end = Math.Min(text.Length, at + e.Length);
        var c = at < text.Length ? text[at] : ' ';
        return e.Op switch
        {
            0 when at < text.Length => Replace(text, at, ((char)(c ^ (1 << (e.Value % 16)))).ToString()),
            1 when at < text.Length => Replace(text, at, Specials[e.Value % Specials.Length]),
            2 => text.Insert(at, Specials[e.Value % Specials.Length]),
            3 => text.Remove(at, end - at),
            4 => text[..at],
            5 => text.Insert(end, text[at..end]),
            6 => text.Insert(at, Tokens[e.Value % Tokens.Length]),
            7 when at < text.Length => Replace(text, at, ((char)e.Value).ToString()),
            8 => FlipUtf8Bit(text, e.At, e.Value),
            9 => text.Insert(at, new string(c, e.Length * (e.Value % 64 + 1))),
            _ => text,
        };
    }

    private static string Replace(string text, int at, string with) => string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + 1));

    /// <summary>A bit flipped in the UTF-8 bytes (as a file on disk would be damaged), decoded back as a reader would, with U+FFFD.</summary>
    private static string FlipUtf8Bit(string text, int at, int value)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0) return text;
        bytes[at % bytes.Length] ^= (byte)(1 << (value % 8));
        return Encoding.UTF8.GetString(bytes);
    }

    public static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 600];

    /// <summary><paramref name="seed"/> with one to <paramref name="maxEdits"/> byte edits at positions drawn from <paramref name="where"/> (anywhere by default).</summary>
    public static Gen<byte[]> Mutated(byte[] seed, int maxEdits = 4, Gen<int>? where = null) =>
        Gen.Select(EditGen.Array[1, maxEdits], (where ?? Gen.Int[0, seed.Length]).Array[maxEdits], (edits, positions) =>
            edits.Select((e, i) => e with { At = positions[i] }).Aggregate(seed, Apply));

    /// <summary>Only bit flips, at positions drawn from <paramref name="where"/>: the bytes keep their length and framing.</summary>
    public static Gen<byte[]> Flipped(byte[] seed, Gen<int> where, int maxFlips = 3) =>
        Gen.Select(where.Array[1, maxFlips], Gen.Int[0, 7].Array[maxFlips], (positions, bits) =>
        {
            var copy = (byte[])seed.Clone();
            for (var i = 0; i < positions.Length; i++) copy[positions[i] % copy.Length] ^= (byte)(1 << bits[i]);
            return copy;
        });

    public static byte[] Apply(byte[] bytes, Edit e)
    {
        var at = bytes.Length == 0 ? 0 : e.At % (bytes.Length + 1);
        var end = Math.Min(bytes.Length, at + e.Length);
        byte[] Splice(int from, int to, ReadOnlySpan<byte> with) => [.. bytes.AsSpan(0, from), .. with, .. bytes.AsSpan(to)];
        return e.Op switch
        {
            0 or 8 when at < bytes.Length => Splice(at, at + 1, [(byte)(bytes[at] ^ (1 << (e.Value % 8)))]),
            1 or 7 when at < bytes.Length => Splice(at, at + 1, [(byte)e.Value]),
            2 => Splice(at, at, [(byte)e.Value]),
            3 => Splice(at, end, []),
            4 => bytes[..at],
            5 => Splice(end, end, bytes.AsSpan(at, end - at)),
            6 when at < bytes.Length => Splice(at, at + 1, [(byte)((e.Value & 3) switch { 0 => 0x00, 1 => 0xff, 2 => 0x7f, _ => 0x80 })]),
            9 => Splice(at, at, Enumerable.Repeat((byte)e.Value, e.Length * 8).ToArray()),
            _ => bytes,
        };
    }
}
