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
    /// Verifies a card's signature with its key (SubjectPublicKeyInfo, DER): ECDSA P-256 (IEEE P1363) or RSA PKCS#1 v1.5,
    /// both over SHA-256. False for a key of any other kind, or one this platform cannot import (a damaged curve, say):
    /// never an exception. A request holds the key read with the certificate instead (<see cref="CardPublicKey"/>).
    /// </summary>
    public static bool Verify(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature)
    {
        using var key = CardPublicKey.Import(subjectPublicKeyInfo);
        return key is not null && key.Verify(payload, signature);
    }
}
