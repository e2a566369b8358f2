using CertOrleans.Contracts.Certificates;
using System.Security.Cryptography;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Pki.Verification;

public enum VerificationResult
{
    /// <summary>Issued by the municipality with a valid key, and the content is exactly what was issued.</summary>
    Genuine,
    /// <summary>The content or the code differs from what was signed.</summary>
    Altered,
    /// <summary>No public key with this id is known for the municipality.</summary>
    UnknownKey,
    /// <summary>The key was revoked (compromised): nothing signed with it can be trusted.</summary>
    RevokedKey,
    /// <summary>The code cannot be read as a verification code.</summary>
    Malformed,
}

public enum IssuingKeyStatus
{
    Active = 1,
    /// <summary>Replaced by a newer key; certificates it signed stay valid.</summary>
    Retired = 2,
    Revoked = 3,
}

/// <summary>A municipality's public issuing key, as published for verifiers.</summary>
public sealed record PublicIssuingKey(string MunicipalityCode, int KeyId, byte[] SubjectPublicKeyInfo, IssuingKeyStatus Status, DateTimeOffset CreatedAt);

/// <summary>Checks a verification code against the content a recipient holds and the published keys.</summary>
public static class CertificateVerifier
{
    /// <summary>
    /// A code against the content it signs: for a version-2 code the signed content itself (what the PDF carries
    /// as <see cref="SignedContent.PdfInfoName"/>), for a version-1 code the certificate's text.
    /// </summary>
    public static VerificationResult Verify(string payload, string content, IEnumerable<PublicIssuingKey> keys)
    {
        if (!VerificationCode.TryParse(payload, out var code)) return VerificationResult.Malformed;
        var signed = CheckSignature(keys, code.MunicipalityCode, code.KeyId, code.SignedPart(), code.Signature);
        if (signed != VerificationResult.Genuine) return signed;
        var digest = code.Version == VerificationCode.Version1 ? VerificationCode.Version1Digest(content) : SignedContent.Digest(content);
        return CryptographicOperations.FixedTimeEquals(code.ContentDigest, digest)
            ? VerificationResult.Genuine
            : VerificationResult.Altered;
    }

    /// <summary>
    /// A certificate PDF as read: its code against its content, and for version 2 the pages against the signed
    /// content (every letter and image in its signed place), so moved text or a swapped image is altered.
    /// </summary>
    public static VerificationResult Verify(CertificateReading reading, IEnumerable<PublicIssuingKey> keys)
    {
        if (!VerificationCode.TryParse(reading.VerificationCode, out var code)) return VerificationResult.Malformed;
        if (code.Version == VerificationCode.Version1) return Verify(reading.VerificationCode!, reading.Content, keys);
        var result = Verify(reading.VerificationCode!, reading.SignedContent ?? "", keys);
        return result == VerificationResult.Genuine && reading.PageMismatch is not null ? VerificationResult.Altered : result;
    }

    /// <summary>Whether the code itself was signed by a published key of its municipality (genuine, unknown, revoked or altered); the content is not checked.</summary>
    public static VerificationResult VerifySignature(VerificationCode code, IEnumerable<PublicIssuingKey> keys) =>
        CheckSignature(keys, code.MunicipalityCode, code.KeyId, code.SignedPart(), code.Signature);

    /// <summary>Whether a void list was signed, as it is, by a published key of its municipality that is not revoked.</summary>
    public static bool IsAuthentic(VoidList list, IEnumerable<PublicIssuingKey> keys) =>
        VerificationCode.TryFromBase64Url(list.Signature, out var signature)
        && CheckSignature(keys, list.MunicipalityCode, list.KeyId, list.SignedBytes(), signature) == VerificationResult.Genuine;

    /// <summary>The signature of <paramref name="signed"/> under the municipality's published key: unknown, revoked, altered or genuine.</summary>
    private static VerificationResult CheckSignature(IEnumerable<PublicIssuingKey> keys, string municipalityCode, int keyId, byte[] signed, byte[] signature)
    {
        var key = keys.FirstOrDefault(k => k.MunicipalityCode == municipalityCode && k.KeyId == keyId);
        if (key is null) return VerificationResult.UnknownKey;
        if (key.Status == IssuingKeyStatus.Revoked) return VerificationResult.RevokedKey;
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        return ecdsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? VerificationResult.Genuine
            : VerificationResult.Altered;
    }
}
