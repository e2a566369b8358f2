using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CertOrleans.Contracts.Journal;

/// <summary>
/// What a city holds to check its journal with, independent of whoever runs the servers: the journal public keys it
/// pinned at onboarding (<see cref="JournalTrustFile"/>) and the heads its witness cosigned (<see cref="WitnessCosignature"/>).
/// </summary>
public static class JournalTrust
{
    /// <summary>The name a chain's journal keys are certified under (<see cref="Signing.KeyCertification"/>).</summary>
    public static string RingName(string chain) => $"journal {chain}";

    /// <summary>A witness's name: the first 16 hex digits of the SHA-256 of its public key.</summary>
    public static string WitnessId(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..16];
}

/// <summary>A journal public key the city pinned: it accepts checkpoints signed by this key, or by keys it certified.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.pinned-journal-key")]
public sealed record PinnedJournalKey(
    [property: Id(0)] int KeyId,
    [property: Id(1)] byte[] SubjectPublicKeyInfo);

/// <summary>The trust file of one chain (<c>journal pin</c> writes it at onboarding; <c>journal verify --trust</c> reads it).</summary>
public sealed record JournalTrustFile(string Chain, IReadOnlyList<PinnedJournalKey> Keys, string PinnedAt);

/// <summary>
/// A witness's statement that it saw the chain <see cref="Chain"/> with the entry <see cref="Hash"/> at
/// <see cref="Sequence"/>, signed by a checkpoint, and that this head extends every head it cosigned before. The
/// witness signs <see cref="SignedBytes()"/> with its own key (ECDSA P-256), which only the city holds.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.witness-cosignature")]
public sealed record WitnessCosignature(
    [property: Id(0)] string Chain,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Hash,
    [property: Id(3)] int CheckpointKeyId,
    [property: Id(4)] string CheckpointSignedAt,
    [property: Id(5)] string WitnessedAt,
    [property: Id(6)] string WitnessKey,
    [property: Id(7)] string Signature)
{
    /// <summary>The witness's name, from its key (checked with the signature by <c>JournalVerifier.IsCosigned</c>).</summary>
    public string Witness
    {
        get
        {
            try
            {
                return WitnessKey is { Length: > 0 } key ? JournalTrust.WitnessId(Convert.FromBase64String(key)) : "unreadable";
            }
            catch (FormatException)
            {
                return "unreadable";
            }
        }
    }

    public byte[] SignedBytes() =>
        Encoding.UTF8.GetBytes(string.Join('\n', "CertOrleans witness cosignature v1", Chain, Sequence.ToString(CultureInfo.InvariantCulture), Hash,
            CheckpointKeyId.ToString(CultureInfo.InvariantCulture), CheckpointSignedAt, WitnessedAt, WitnessKey));
}
