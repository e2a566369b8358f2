using System.Text.RegularExpressions;

namespace CertOrleans.Contracts.Residents;

/// <summary>
/// Identifies one resident: the municipality code (全国地方公共団体コード, six digits with check digit)
/// and the city's resident number. The grain key is prefixed with a letter because Orleans' ADO.NET
/// storage parses all-hex string keys as numbers ("092011" and "92011" would collide).
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.resident-key")]
public readonly partial record struct ResidentKey(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string ResidentNumber)
{
    public string GrainKey => $"r{MunicipalityCode}-{ResidentNumber}";

    public override string ToString() => GrainKey;

    public static bool IsValidMunicipalityCode(string? code) => code is not null && MunicipalityCodePattern().IsMatch(code) && HasValidCheckDigit(code);

    public static bool IsValidResidentNumber(string? number) => number is not null && ResidentNumberPattern().IsMatch(number);

    /// <summary>The resident a grain key made by <see cref="GrainKey"/> names.</summary>
    public static ResidentKey Parse(string grainKey) =>
        TryParseGrainKey(grainKey, out var key) ? key : throw new FormatException($"'{grainKey}' is not a resident grain key.");

    public static bool TryParseGrainKey(string grainKey, out ResidentKey key)
    {
        key = default;
        if (grainKey.Length < 9 || grainKey[0] != 'r' || grainKey[7] != '-') return false;
        var code = grainKey.Substring(1, 6);
        var number = grainKey[8..];
        if (!IsValidMunicipalityCode(code) || !IsValidResidentNumber(number)) return false;
        key = new ResidentKey(code, number);
        return true;
    }

    /// <summary>The sixth digit of a 全国地方公共団体コード is a modulus-11 check digit over the first five (092011 → remainder 0 → 1).</summary>
    public static bool HasValidCheckDigit(string code)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++) sum += (code[i] - '0') * (6 - i);
        var expected = (11 - sum % 11) % 10;
        return code[5] - '0' == expected;
    }

    // \z, not $: a $ also matches before a final newline, and "092011\n" would reach grain keys and log lines.
    [GeneratedRegex("^[0-9]{6}\\z")]
    private static partial Regex MunicipalityCodePattern();

    [GeneratedRegex("^[0-9]{1,15}\\z")]
    private static partial Regex ResidentNumberPattern();
}
