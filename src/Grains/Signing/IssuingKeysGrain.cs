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
using CertOrleans.Documents.Certificates;

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
    /// <summary>The id of the key that was active when this one was made, and its signature over this one (KeyCertification).</summary>
    [Id(5)] public int? CertifiedBy { get; set; }
    [Id(6)] public byte[]? Certification { get; set; }

    public IssuingKey Clone() => new()
    {
        KeyId = KeyId, SubjectPublicKeyInfo = SubjectPublicKeyInfo, PrivateKey = PrivateKey?.ToArray(), Status = Status, CreatedAt = CreatedAt, CertifiedBy = CertifiedBy, Certification = Certification,
    };
}

[GenerateSerializer, Alias("certorleans.issuing-keys-state")]
public sealed class IssuingKeysState : IHoldsSigningKeys<IssuingKeysState>
{
    [Id(0)] public List<IssuingKey> Keys { get; set; } = [];
    [Id(1)] public List<Journal.PendingAct> PendingActs { get; set; } = [];

    /// <summary>A copy to change and save; the private halves are copied too, so the live ones stay until it is stored.</summary>
    public IssuingKeysState Clone() => new() { Keys = Keys.Select(k => k.Clone()).ToList(), PendingActs = [.. PendingActs] };

    public IssuingKeysState Copy() => Clone();
}

public sealed partial class IssuingKeysGrain(
    // The active private key is sealed like personal data.
    [ProtectedState("issuing-keys")] ProtectedState<IssuingKeysState> state,
    ServiceClock time,
    Journal.ActJournal journal,
    ILogger<IssuingKeysGrain> logger) : Grain, IIssuingKeysGrain
{
    private KeyRing<IssuingKeysState>? keyRing;

    private KeyRing<IssuingKeysState> Ring => keyRing ??= new(state, time, $"issuing {MunicipalityCode}");

    private Journal.ActRecorder<IssuingKeysState>? recorder;

    private Journal.ActRecorder<IssuingKeysState> Acts => recorder ??= new(() => state.Value, Ring.SaveAsync, journal, this, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    private string MunicipalityCode => IssuingKeyNames.Parse(this.GetPrimaryKeyString());

    public async Task<string> SignVerificationCode(string certificateNumber, string certificateType, DateTimeOffset issuedAt, byte[] contentDigest)
    {
        var (keyId, signature) = await Ring.SignAsync(keyId => VerificationCode.SignedPart(certificateNumber, certificateType, MunicipalityCode, issuedAt, keyId, contentDigest));
        return new VerificationCode(certificateNumber, certificateType, MunicipalityCode, issuedAt, keyId, contentDigest, signature).ToString();
    }

    public async Task<VoidList> SignVoidList(IReadOnlyList<string> certificateNumbers)
    {
        var asOf = time.GetUtcNow();
        var (keyId, signature) = await Ring.SignAsync(keyId => VoidList.SignedBytes(MunicipalityCode, asOf, keyId, certificateNumbers));
        return new VoidList(MunicipalityCode, asOf, keyId, certificateNumbers, VerificationCode.Base64Url(signature));
    }

    public async Task<int> Rotate(string actor)
    {
        var key = await Ring.RotateAsync(id => [Journal.PendingAct.For(MunicipalityCode, Contracts.Journal.JournalKinds.IssuingKeyRotated, actor, $"issuing key {id}")]);
        LogRotated(logger, MunicipalityCode, key.KeyId);
        await Acts.FlushAsync();
        return key.KeyId;
    }

    public async Task Revoke(int keyId, string actor)
    {
        var next = state.Value.Clone();
        var key = next.Keys.SingleOrDefault(k => k.KeyId == keyId)
            ?? throw new IssuanceException(ErrorCodes.IssuingKeyUnknown, $"No issuing key {keyId} for this municipality.");
        key.Status = IssuingKeyStatus.Revoked;
        KeyRing<IssuingKeysState>.Destroy(key);
        await Acts.SaveAsync(next, Journal.PendingAct.For(MunicipalityCode, Contracts.Journal.JournalKinds.IssuingKeyRevoked, actor, $"issuing key {keyId}"));
        LogRevoked(logger, MunicipalityCode, keyId);
    }

    public Task<bool> Reseal() => state.ResealAsync();

    public Task<IReadOnlyList<PublishedKey>> GetPublicKeys() => Task.FromResult(Ring.Published);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Issuing key of municipality {MunicipalityCode} rotated; key {KeyId} is now active")]
    private static partial void LogRotated(ILogger logger, string municipalityCode, int keyId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Issuing key {KeyId} of municipality {MunicipalityCode} revoked")]
    private static partial void LogRevoked(ILogger logger, string municipalityCode, int keyId);
}
