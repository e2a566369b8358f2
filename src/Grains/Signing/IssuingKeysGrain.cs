using CertOrleans.Contracts.Certificates;
using System.Security.Cryptography;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Signing;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using CertOrleans.Storage.Protection;
using Orleans.Serialization;
using CertOrleans.Pki.Verification;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Signing;

[GenerateSerializer, Alias("certorleans.issuing-key")]
public sealed class IssuingKey
{
    [Id(0)] public int KeyId { get; set; }
    [Id(1)] public byte[] SubjectPublicKeyInfo { get; set; } = [];
    /// <summary>PKCS#8; present only while the key is active.</summary>
    [Id(2)] public byte[]? PrivateKey { get; set; }
    [Id(3)] public IssuingKeyStatus Status { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }

    public IssuingKey Clone() => new()
    {
        KeyId = KeyId, SubjectPublicKeyInfo = SubjectPublicKeyInfo, PrivateKey = PrivateKey?.ToArray(), Status = Status, CreatedAt = CreatedAt,
    };
}

[GenerateSerializer, Alias("certorleans.issuing-keys-state")]
public sealed class IssuingKeysState
{
    [Id(0)] public List<IssuingKey> Keys { get; set; } = [];

    /// <summary>A copy to change and save; the private halves are copied too, so the live ones stay until it is stored.</summary>
    public IssuingKeysState Clone() => new() { Keys = Keys.Select(k => k.Clone()).ToList() };
}

public sealed partial class IssuingKeysGrain(
    // The active private key is sealed like personal data.
    [ProtectedState("issuing-keys")] ProtectedState<IssuingKeysState> state,
    ServiceClock time,
    ILogger<IssuingKeysGrain> logger) : Grain, IIssuingKeysGrain
{
    private ECDsa? signer;
    // The highest key id this activation has handed out, stored or not: an id is never given to two keys.
    private int lastKeyId;

    private string MunicipalityCode => IssuingKeyNames.Parse(this.GetPrimaryKeyString());

    public async Task<string> SignVerificationCode(string certificateNumber, string certificateType, DateTimeOffset issuedAt, byte[] contentDigest)
    {
        var (keyId, signature) = await SignAsync(keyId => VerificationCode.SignedPart(certificateNumber, certificateType, MunicipalityCode, issuedAt, keyId, contentDigest));
        return new VerificationCode(certificateNumber, certificateType, MunicipalityCode, issuedAt, keyId, contentDigest, signature).ToString();
    }

    public async Task<VoidList> SignVoidList(IReadOnlyList<string> certificateNumbers)
    {
        var asOf = time.GetUtcNow();
        var (keyId, signature) = await SignAsync(keyId => VoidList.SignedBytes(MunicipalityCode, asOf, keyId, certificateNumbers));
        return new VoidList(MunicipalityCode, asOf, keyId, certificateNumbers, VerificationCode.Base64Url(signature));
    }

    public async Task<int> Rotate()
    {
        var key = await CreateActiveKeyAsync();
        LogRotated(logger, MunicipalityCode, key.KeyId);
        return key.KeyId;
    }

    public async Task Revoke(int keyId)
    {
        var next = state.Value.Clone();
        var key = next.Keys.SingleOrDefault(k => k.KeyId == keyId)
            ?? throw new IssuanceException(ErrorCodes.IssuingKeyUnknown, $"No issuing key {keyId} for this municipality.");
        key.Status = IssuingKeyStatus.Revoked;
        Destroy(key);
        await SwapAsync(next);
        LogRevoked(logger, MunicipalityCode, keyId);
    }

    public Task<bool> Reseal() => state.ResealAsync();

    public Task<IReadOnlyList<PublishedKey>> GetPublicKeys() => Task.FromResult<IReadOnlyList<PublishedKey>>(
        state.Value.Keys.Select(k => new PublishedKey(k.KeyId, k.SubjectPublicKeyInfo, k.Status.ToString(), k.CreatedAt)).ToList());

    /// <summary>Signs the bytes made for the active key's id with the active key (made on first use).</summary>
    private async Task<(int KeyId, byte[] Signature)> SignAsync(Func<int, byte[]> signedBytes)
    {
        var active = state.Value.Keys.SingleOrDefault(k => k.Status == IssuingKeyStatus.Active) ?? await CreateActiveKeyAsync();
        if (signer is null)
        {
            signer = ECDsa.Create();
            signer.ImportPkcs8PrivateKey(active.PrivateKey, out _);
        }
        return (active.KeyId, signer.SignData(signedBytes(active.KeyId), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>A new active key; the previous active key is retired and its private half destroyed.</summary>
    private async Task<IssuingKey> CreateActiveKeyAsync()
    {
        var next = state.Value.Clone();
        foreach (var previous in next.Keys.Where(k => k.Status == IssuingKeyStatus.Active))
        {
            previous.Status = IssuingKeyStatus.Retired;
            Destroy(previous);
        }
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
        next.Keys.Add(key);
        await SwapAsync(next);
        return key;
    }

    /// <summary>Stores the changed keys, then makes them the grain's: a failed write leaves the old keys signing.</summary>
    private async Task SwapAsync(IssuingKeysState next)
    {
        var old = state.Value;
        await state.SaveAsync(next);
        foreach (var key in old.Keys) Destroy(key);
        signer?.Dispose();
        signer = null;
    }

    private static void Destroy(IssuingKey key)
    {
        if (key.PrivateKey is not null) CryptographicOperations.ZeroMemory(key.PrivateKey);
        key.PrivateKey = null;
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Issuing key of municipality {MunicipalityCode} rotated; key {KeyId} is now active")]
    private static partial void LogRotated(ILogger logger, string municipalityCode, int keyId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Issuing key {KeyId} of municipality {MunicipalityCode} revoked")]
    private static partial void LogRevoked(ILogger logger, string municipalityCode, int keyId);
}
