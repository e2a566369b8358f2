using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CertOrleans.Documents.Certificates;

/// <summary>
/// The signed verification code printed as a QR code on every certificate:
/// <c>CO2.{certificate number}.{type}.{municipality}.{issued at, unix seconds}.{key id}.{content digest}.{signature}</c>
/// where the digest is SHA-256 of the certificate's content and the signature is the municipality's issuing
/// key (ECDSA P-256, SHA-256, IEEE P1363) over everything before it. Both are base64url. The version names
/// the content: <c>CO2</c>, the placed, labelled items of <see cref="SignedContent"/>; <c>CO1</c> (certificates
/// issued before it, still verified), the page text without whitespace (<see cref="Canonical"/>). The server
/// keeps nothing of the content: the recipient holds it, on paper or in the PDF.
/// </summary>
public sealed record VerificationCode(
    string CertificateNumber,
    string CertificateType,
    string MunicipalityCode,
    DateTimeOffset IssuedAt,
    int KeyId,
    byte[] ContentDigest,
    byte[] Signature)
{
    public const string CurrentVersion = "CO2";
    public const string Version1 = "CO1";

    /// <summary>Which content the digest covers: <see cref="CurrentVersion"/> or <see cref="Version1"/>.</summary>
    public string Version { get; init; } = CurrentVersion;

    /// <summary>The PDF document-information entry that carries the code, beside the QR image.</summary>
    public const string PdfInfoName = "CertOrleansVerification";

    /// <summary>The bytes the issuing key signs, for a code of the current version.</summary>
    public static byte[] SignedPart(string certificateNumber, string certificateType, string municipalityCode, DateTimeOffset issuedAt, int keyId, byte[] contentDigest) =>
        SignedPart(CurrentVersion, certificateNumber, certificateType, municipalityCode, issuedAt, keyId, contentDigest);

    private static byte[] SignedPart(string version, string certificateNumber, string certificateType, string municipalityCode, DateTimeOffset issuedAt, int keyId, byte[] contentDigest) =>
        Encoding.UTF8.GetBytes(string.Join('.', version, certificateNumber, certificateType, municipalityCode,
            issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), keyId.ToString(CultureInfo.InvariantCulture), Base64Url(contentDigest)));

    public byte[] SignedPart() => SignedPart(Version, CertificateNumber, CertificateType, MunicipalityCode, IssuedAt, KeyId, ContentDigest);

    public override string ToString() => $"{Encoding.UTF8.GetString(SignedPart())}.{Base64Url(Signature)}";

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static bool TryParse(string? text, out VerificationCode code)
    {
        code = null!;
        var trimmed = text?.Trim();
        var parts = trimmed?.Split('.');
        if (parts is not { Length: 8 } || parts[0] is not (CurrentVersion or Version1)) return false;
        // Past year 9999 a time cannot be a DateTimeOffset (FromUnixTimeSeconds would throw): not a code.
        if (!long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds) return false;
        if (!int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var keyId)) return false;
        if (!TryFromBase64Url(parts[6], out var digest) || digest.Length != 32) return false;
        if (!TryFromBase64Url(parts[7], out var signature) || signature.Length != 64) return false;
        if (parts[1].Length is 0 or > 40 || parts[2].Length is 0 or > 20 || parts[3].Length != 6) return false;
        var parsed = new VerificationCode(parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(seconds), keyId, digest, signature) { Version = parts[0] };
        // One code, one spelling. The numbers and the base64 have other spellings of the same values (a leading zero,
        // '+' for '-', padding, spaces, unused low bits), and each would verify as the code the issuer signed.
        if (parsed.ToString() != trimmed) return false;
        code = parsed;
        return true;
    }

    /// <summary>
    /// The version-1 content of a certificate: all of its text in reading order, Unicode NFC, with every
    /// whitespace character removed. (Version 2 keeps whitespace and field boundaries: <see cref="SignedContent"/>.)
    /// </summary>
    public static string Canonical(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
            if (!char.IsWhiteSpace(c)) builder.Append(c);
        return builder.ToString();
    }

    public static byte[] Version1Digest(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(text)));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
