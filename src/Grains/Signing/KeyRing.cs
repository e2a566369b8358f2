using System.Security.Cryptography;
using CertOrleans.Contracts.Signing;
using CertOrleans.Pki.Verification;
using CertOrleans.Storage.Protection;

namespace CertOrleans.Grains.Signing;

/// <summary>A grain's stored state that holds signing keys (and may hold more).</summary>
public interface IHoldsSigningKeys<TState> : Journal.IJournalsActs<TState>
{
    List<IssuingKey> Keys { get; }

    /// <summary>A copy to change and save; the private halves are copied too, so the live ones stay until it is stored.</summary>
    TState Clone();
}

/// <summary>
/// A grain's signing keys (ECDSA P-256), at most one of them active: the issuing keys and the journal keys keep
/// theirs the same way. A new key retires the active one and destroys its private half; ids only grow, and are
/// never handed out twice, even when a write fails. Changes are saved first and taken only once stored.
/// </summary>
/// <remarks>
/// Each new key is certified by the key it replaces (<see cref="KeyCertification"/>, under the ring's
/// <paramref name="name"/>), so a party that pinned an earlier public key can follow every rotation without asking us.
/// </remarks>
internal sealed class KeyRing<TState>(ProtectedState<TState> state, TimeProvider time, string name) where TState : class, IHoldsSigningKeys<TState>, new()
{
    private ECDsa? signer;
    // The highest key id handed out by this activation, stored or not.
    private int lastKeyId;

    public IReadOnlyList<PublishedKey> Published =>
        state.Value.Keys.Select(k => new PublishedKey(k.KeyId, k.SubjectPublicKeyInfo, k.Status.ToString(), k.CreatedAt,
            k.CertifiedBy, k.Certification is { } c ? Convert.ToBase64String(c) : null)).ToList();

    /// <summary>Signs the bytes made for the active key's id with the active key (made on first use).</summary>
    public async Task<(int KeyId, byte[] Signature)> SignAsync(Func<int, byte[]> signedBytes)
    {
        var active = state.Value.Keys.SingleOrDefault(k => k.Status == IssuingKeyStatus.Active) ?? await RotateAsync();
        if (signer is null)
        {
            signer = ECDsa.Create();
            signer.ImportPkcs8PrivateKey(active.PrivateKey, out _);
        }
        return (active.KeyId, signer.SignData(signedBytes(active.KeyId), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>
    /// A new active key; the previous active key is retired and its private half destroyed. The journal entries
    /// <paramref name="acts"/> makes for the new key's id are stored in the same write; the grain then appends them.
    /// </summary>
    public async Task<IssuingKey> RotateAsync(Func<int, Journal.PendingAct[]>? acts = null)
    {
        var next = state.Value.Clone();
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        lastKeyId = Math.Max(lastKeyId, next.Keys.Count == 0 ? 0 : next.Keys.Max(k => k.KeyId)) + 1;
        var key = new IssuingKey
        {
            KeyId = lastKeyId,
            SubjectPublicKeyInfo = ecdsa.ExportSubjectPublicKeyInfo(),
            PrivateKey = ecdsa.ExportPkcs8PrivateKey(),
            Status = IssuingKeyStatus.Active,
            CreatedAt = time.GetUtcNow(),
        };
        foreach (var previous in next.Keys.Where(k => k.Status == IssuingKeyStatus.Active))
        {
            // The outgoing key vouches for its successor before its private half is destroyed.
            if (previous.PrivateKey is not null)
            {
                using var outgoing = ECDsa.Create();
                outgoing.ImportPkcs8PrivateKey(previous.PrivateKey, out _);
                key.CertifiedBy = previous.KeyId;
                key.Certification = outgoing.SignData(KeyCertification.SignedBytes(name, key.KeyId, key.SubjectPublicKeyInfo, previous.KeyId),
                    HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            previous.Status = IssuingKeyStatus.Retired;
            Destroy(previous);
        }
        next.Keys.Add(key);
        if (acts is not null) next.PendingActs = [.. next.PendingActs, .. acts(key.KeyId)];
        await SaveAsync(next);
        return key;
    }

    /// <summary>Stores the changed state, then makes it the grain's: a failed write leaves the old keys signing.</summary>
    public async Task SaveAsync(TState next)
    {
        var old = state.Value;
        await state.SaveAsync(next);
        foreach (var key in old.Keys) Destroy(key);
        signer?.Dispose();
        signer = null;
    }

    public static void Destroy(IssuingKey key)
    {
        if (key.PrivateKey is not null) CryptographicOperations.ZeroMemory(key.PrivateKey);
        key.PrivateKey = null;
    }
}
