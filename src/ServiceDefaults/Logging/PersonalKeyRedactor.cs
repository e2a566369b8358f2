using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CertOrleans.ServiceDefaults.Logging;

/// <summary>
/// Replaces the keys that name a person in log text (resident <c>r{code}-{number}</c> and their 本籍地 registration
/// <c>d{code}-{number}</c>, household
/// <c>h{code}-{number}</c> and family register <c>f{code}-{number}</c> grain keys, <c>card-{serial}</c>) with a keyed
/// pseudonym: the municipality code stays, the number becomes <c>~</c> and ten hex digits of an HMAC under a key
/// made at process start. Lines of one process about the same resident still match; the number is not in them,
/// and no pseudonym can be traced back after the process ends.
/// </summary>
public sealed partial class PersonalKeyRedactor
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public string Redact(string text) =>
        text.Length < 8 ? text : PersonalKey().Replace(text, match =>
        {
            var prefix = match.Groups["prefix"].Success ? match.Groups["prefix"].Value : "card-";
            return $"{prefix}~{Pseudonym(match.Value)}";
        });

    private string Pseudonym(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)).AsSpan(0, 5));

    // The shapes of ResidentKey.GrainKey (and DomicileRegistrationKeys.For), MunicipalScopedKey.For and CardKeys.ForSerial, not inside a longer word.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:(?<prefix>[rd][0-9]{6}-)[0-9]{1,15}|(?<prefix>[hf][0-9]{6}-)[0-9A-Za-z][0-9A-Za-z-]{0,19}|card-[0-9A-Fa-f]+)(?![0-9A-Za-z])")]
    private static partial Regex PersonalKey();
}
