using System.Security.Cryptography;
using System.Text;

namespace CertOrleans.Pki;

/// <summary>
/// What a card signs to authenticate: the request id and the server's single-use challenge, under a fixed
/// label, so a signature made for one request can never be used for another.
/// </summary>
public static class CardAuthenticationProtocol
{
    public const int ChallengeBytes = 32;

    public static byte[] SignedPayload(string requestId, ReadOnlySpan<byte> challenge) =>
        Encoding.UTF8.GetBytes($"CertOrleans card authentication v1\n{requestId}\n{Convert.ToBase64String(challenge)}");

    /// <summary>
    /// Verifies a card's signature with its key (SubjectPublicKeyInfo, DER, as read once from the certificate): ECDSA
    /// P-256 (IEEE P1363) or RSA PKCS#1 v1.5, both over SHA-256. False for a key of any other kind, or one this platform
    /// cannot import (a damaged curve, say): never an exception.
    /// </summary>
    public static bool Verify(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        try
        {
            return VerifyWithKey(subjectPublicKeyInfo, payload, signature);
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException or System.Formats.Asn1.AsnContentException or ArgumentException)
        {
            return false;
        }
    }

    private static bool VerifyWithKey(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        var algorithm = new System.Formats.Asn1.AsnReader(subjectPublicKeyInfo, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadObjectIdentifier();
        switch (algorithm)
        {
            case EcPublicKey:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                    return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
            case RsaEncryption:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                    return rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }
            default:
                return false;
        }
    }

    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
}
