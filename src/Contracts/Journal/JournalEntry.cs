using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CertOrleans.Contracts.Journal;

/// <summary>
/// One entry of a municipality's journal: an append-only chain in which every entry carries the hash of the one
/// before it, so no entry can be altered, removed, reordered or inserted without breaking the chain, and a signed
/// checkpoint fixes the chain up to its entry. Bodies are JSON with no personal data: ids, codes, counts, times,
/// and the holder only as a keyed pseudonym.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.journal-entry")]
public sealed record JournalEntry(
    [property: Id(0)] string Chain,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Kind,
    [property: Id(3)] string RecordedAt,
    [property: Id(4)] string Body,
    [property: Id(5)] string PreviousHash,
    [property: Id(6)] string Hash)
{
    /// <summary>The previous hash of a chain's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>How times are written into entries (and so into their hashes): UTC, microseconds.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>SHA-256 (lowercase hex) over every field but the hash, each on its own line.</summary>
    public static string ComputeHash(string chain, long sequence, string kind, string recordedAt, string body, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', "CertOrleans journal entry v1", chain, sequence.ToString(CultureInfo.InvariantCulture), kind, recordedAt, body, previousHash))));

    /// <summary>Whether the stored hash is the hash of this entry's fields.</summary>
    public bool IsIntact => Hash == ComputeHash(Chain, Sequence, Kind, RecordedAt, Body, PreviousHash);
}

/// <summary>
/// A signed statement that the chain <see cref="Chain"/> had, at <see cref="Sequence"/>, the entry with
/// <see cref="Hash"/>: the municipality's journal key (ECDSA P-256) signs <see cref="SignedBytes"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.journal-checkpoint")]
public sealed record JournalCheckpoint(
    [property: Id(0)] string Chain,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Hash,
    [property: Id(3)] string SignedAt,
    [property: Id(4)] int KeyId,
    [property: Id(5)] string Signature)
{
    /// <summary>Labelled, so a checkpoint signature can never pass for a certificate's code or a void list.</summary>
    public static byte[] SignedBytes(string chain, long sequence, string hash, string signedAt, int keyId) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "CertOrleans journal checkpoint v1", chain, sequence.ToString(CultureInfo.InvariantCulture), hash, signedAt,
            keyId.ToString(CultureInfo.InvariantCulture)));

    public byte[] SignedBytes() => SignedBytes(Chain, Sequence, Hash, SignedAt, KeyId);
}

/// <summary>What the kinds of journal entries are called.</summary>
public static class JournalKinds
{
    public const string RequestEnded = "request-ended";
    public const string Deletion = "deletion";
    public const string RefundDue = "refund-due";
    public const string RefundSettled = "refund-settled";
    public const string CardLinked = "card-linked";
    public const string CardRevoked = "card-revoked";
    /// <summary>A card unlinked from its holder, or moved to another: in the chain of the holder it was taken from.</summary>
    public const string CardUnlinked = "card-unlinked";
    public const string TerminalRegistered = "terminal-registered";
    /// <summary>A bearer key minted or revoked while the service runs: in the cluster chain and in each of the key's municipalities' (the key by id, never its secret).</summary>
    public const string ScopedKeyMinted = "scoped-key-minted";
    public const string ScopedKeyRevoked = "scoped-key-revoked";
    public const string TerminalSuspended = "terminal-suspended";
    public const string TerminalResumed = "terminal-resumed";
    public const string ConfigurationChanged = "configuration-changed";
    public const string SwitchSet = "switch-set";
    public const string IssuingKeyRotated = "issuing-key-rotated";
    public const string IssuingKeyRevoked = "issuing-key-revoked";
    public const string JournalKeyRotated = "journal-key-rotated";
    public const string DataKeysRotated = "data-keys-rotated";
    public const string RegistryBatch = "registry-batch";
    public const string StaffSignedIn = "staff-signed-in";
    public const string RecordsPurged = "records-purged";
    public const string RecordDeleted = "record-deleted";
    /// <summary>A registration for 本籍地 issuance made, decided or ended; in the 本籍地 city's chain, the applicant by pseudonym.</summary>
    public const string DomicileApplied = "domicile-applied";
    public const string DomicileDecided = "domicile-decided";
    public const string DomicileEnded = "domicile-ended";
    /// <summary>A witness's cosignature of a head of this chain, posted back by the city (the body is the cosignature).</summary>
    public const string WitnessCosigned = "witness-cosigned";
    /// <summary>In the cluster chain: a chain's checkpoint was refused, because an entry since its last one fails its link or its silo MAC.</summary>
    public const string CheckpointRefused = "checkpoint-refused";
    /// <summary>A read of personal data outside a kiosk flow, recorded before the data is handed out (<see cref="DataAccess"/>).</summary>
    public const string PersonalDataRead = "personal-data-read";
    /// <summary>In the cluster chain: a silo or gateway started, with its build (version, commit, assembly and font hashes), configuration digest and host.</summary>
    public const string Deployment = "deployment";
    /// <summary>In the cluster chain: a release's build manifest, recorded by a cluster operator, that deployments are matched against.</summary>
    public const string ReleaseRecorded = "release-recorded";
}
