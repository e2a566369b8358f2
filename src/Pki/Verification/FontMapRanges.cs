using System.Text;
using System.Text.RegularExpressions;

namespace CertOrleans.Pki.Verification;

/// <summary>
/// The code ranges of a font's character map (CMap: bfrange, cidrange, codespacerange), read before the PDF
/// library reads them. The library walks a range code by code, so one damaged range (a bound of a dozen bytes,
/// or an end below its start) keeps it walking for ever. A range here has bounds of one to four bytes, of equal
/// length, in order, at most 65,536 codes; anything else is not read.
/// </summary>
internal static partial class FontMapRanges
{
    private const int MaxCodeHexDigits = 8, MaxCodes = 65_536;

    public static void Check(ReadOnlySpan<byte> stream)
    {
        if (stream.IndexOf("begincmap"u8) < 0 && stream.IndexOf("range"u8) < 0) return;
        var text = Encoding.Latin1.GetString(stream);
        foreach (Match block in RangeBlock().Matches(text))
        {
            var tokens = Token().Matches(block.Groups["body"].Value).Select(m => m.Value).ToList();
            // bfrange and cidrange: low, high, destination; codespacerange: low, high.
            var width = block.Groups["kind"].Value == "codespace" ? 2 : 3;
            if (tokens.Count % width != 0) throw Refused();
            for (var i = 0; i < tokens.Count; i += width)
            {
                if (!TryCode(tokens[i], out var low, out var lowDigits) || !TryCode(tokens[i + 1], out var high, out var highDigits)
                    || lowDigits != highDigits || high < low || high - low >= MaxCodes)
                    throw Refused();
            }
        }
    }

    private static bool TryCode(string token, out long code, out int digits)
    {
        code = 0;
        var hex = token.StartsWith('<') ? string.Concat(token.Trim('<', '>').Where(c => !char.IsWhiteSpace(c))) : "";
        digits = hex.Length;
        return digits is > 0 and <= MaxCodeHexDigits && long.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out code);
    }

    private static PdfLimitExceededException Refused() =>
        new("font-maps", "The PDF has a font character map with a range the check does not read.");

    [GeneratedRegex(@"begin(?<kind>bf|cid|codespace)range(?<body>.*?)end\k<kind>range", RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RangeBlock();

    // A hex string, an array of them, or a bare number (a cidrange's destination).
    [GeneratedRegex(@"<[^<>]*>|\[[^\]]*\]|\d+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Token();
}
