using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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

    /// <summary>Verifies a card's signature: ECDSA P-256 (IEEE P1363) or RSA PKCS#1 v1.5, both over SHA-256.</summary>
    public static bool Verify(X509Certificate2 cardCertificate, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        using var ecdsa = cardCertificate.GetECDsaPublicKey();
        if (ecdsa is not null)
            return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        using var rsa = cardCertificate.GetRSAPublicKey();
        if (rsa is not null)
            return rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return false;
    }
}
