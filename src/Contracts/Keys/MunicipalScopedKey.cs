namespace CertOrleans.Contracts.Keys;

/// <summary>
/// The shape of grain keys that belong to one municipality: a letter for the grain type, the six-digit code,
/// a hyphen and the local number (<c>h092011-00123</c>). The letter keeps Orleans' storage from reading an
/// all-digit key as a number; the code tells which municipality's data key seals the state.
/// </summary>
public static partial class MunicipalScopedKey
{
    /// <summary>
    /// A city's own number for a household or a family register: 1 to 20 ASCII letters, digits and hyphens,
    /// starting with a letter or digit. Nothing else can reach a grain key, a storage key or a log line.
    /// </summary>
    public static bool IsValidLocalNumber(string? number) => number is not null && LocalNumberPattern().IsMatch(number);

    public const string LocalNumberRule = "1 to 20 ASCII letters, digits or hyphens, starting with a letter or digit";

    public static string For(char prefix, string municipalityCode, string localNumber) =>
        IsValidLocalNumber(localNumber) ? $"{prefix}{municipalityCode}-{localNumber}" : throw new ArgumentException($"A local number must be {LocalNumberRule}.", nameof(localNumber));

    public static (string MunicipalityCode, string LocalNumber) Parse(char prefix, string grainKey) =>
        grainKey.Length > 8 && grainKey[0] == prefix && grainKey[7] == '-' && grainKey.AsSpan(1, 6).ContainsAnyExceptInRange('0', '9') is false
            ? (grainKey.Substring(1, 6), grainKey[8..])
            : throw new FormatException($"'{grainKey}' is not a '{prefix}' grain key (expected {prefix}<six-digit municipality code>-<number>).");

    // \z, not $: a $ also matches before a final newline.
    [System.Text.RegularExpressions.GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z-]{0,19}\\z")]
    private static partial System.Text.RegularExpressions.Regex LocalNumberPattern();
}
