using System.Security.Cryptography;
using CertOrleans.Contracts.Signing;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Grains.Signing;

/// <summary>
/// A grain's signing keys (ECDSA P-256), at most one of them active: the issuing keys and the journal keys keep
/// theirs the same way. A new key retires the active one and destroys its private half; ids only grow.
/// </summary>
internal static class KeyRing
{
    public static IssuingKey? Active(IEnumerable<IssuingKey> keys) => keys.SingleOrDefault(k => k.Status == IssuingKeyStatus.Active);

    /// <summary>Adds a new active key with an id above <paramref name="lastKeyId"/> and every stored id, and retires the active one.</summary>
    public static IssuingKey AddActive(List<IssuingKey> keys, ref int lastKeyId, DateTimeOffset now)
    {
        foreach (var previous in keys.Where(k => k.Status == IssuingKeyStatus.Active))
        {
            previous.Status = IssuingKeyStatus.Retired;
            Destroy(previous);
        }
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        lastKeyId = Math.Max(lastKeyId, keys.Count == 0 ? 0 : keys.Max(k => k.KeyId)) + 1;
        var key = new IssuingKey
        {
            KeyId = lastKeyId,
            SubjectPublicKeyInfo = ecdsa.ExportSubjectPublicKeyInfo(),
            PrivateKey = ecdsa.ExportPkcs8PrivateKey(),
            Status = IssuingKeyStatus.Active,
            CreatedAt = now,
        };
        keys.Add(key);
        return key;
    }

    public static ECDsa Signer(IssuingKey active)
    {
        var signer = ECDsa.Create();
        signer.ImportPkcs8PrivateKey(active.PrivateKey, out _);
        return signer;
    }

    public static byte[] Sign(ECDsa signer, byte[] signed) =>
        signer.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static void Destroy(IssuingKey key)
    {
        if (key.PrivateKey is not null) CryptographicOperations.ZeroMemory(key.PrivateKey);
        key.PrivateKey = null;
    }

    public static IReadOnlyList<PublishedKey> Published(IEnumerable<IssuingKey> keys) =>
        keys.Select(k => new PublishedKey(k.KeyId, k.SubjectPublicKeyInfo, k.Status.ToString(), k.CreatedAt)).ToList();
}
