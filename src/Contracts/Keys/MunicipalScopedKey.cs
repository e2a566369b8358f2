namespace CertOrleans.Contracts.Keys;

/// <summary>
/// The shape of grain keys that belong to one municipality: a letter for the grain type, the six-digit code,
/// a hyphen and the local number (<c>h092011-00123</c>). The letter keeps Orleans' storage from reading an
/// all-digit key as a number; the code tells which municipality's data key seals the state.
/// </summary>
public static class MunicipalScopedKey
{
    public static string For(char prefix, string municipalityCode, string localNumber) => $"{prefix}{municipalityCode}-{localNumber}";

    public static (string MunicipalityCode, string LocalNumber) Parse(char prefix, string grainKey) =>
        grainKey.Length > 8 && grainKey[0] == prefix && grainKey[7] == '-' && grainKey.AsSpan(1, 6).ContainsAnyExceptInRange('0', '9') is false
            ? (grainKey.Substring(1, 6), grainKey[8..])
            : throw new FormatException($"'{grainKey}' is not a '{prefix}' grain key (expected {prefix}<six-digit municipality code>-<number>).");
}
