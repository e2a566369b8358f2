using CertOrleans.Contracts.Residents;

namespace CertOrleans.Contracts.Journal;

/// <summary>
/// One chain of the journal (a municipality's, keyed <c>j{code}</c>, or the cluster's, <c>jcluster</c>): it holds
/// the chain's signing keys (rotated like issuing keys, sealed) and the secret of its holder pseudonyms, signs
/// checkpoints, records administrative events, and answers the city's reads. Requests append their own entries in
/// the transaction that records their end, not through this grain.
/// </summary>
[Alias("certorleans.journal")]
public interface IJournalGrain : IGrainWithStringKey, Protection.ISealedStateGrain
{
    /// <summary>Appends an administrative event; returns the entry.</summary>
    [Alias("record")]
    Task<JournalEntry> Record(string kind, AdministrativeEvent details);

    /// <summary>Signs a checkpoint at the chain's head if the head moved since the last one; returns the latest checkpoint, or null for an empty chain.</summary>
    [Alias("checkpoint")]
    Task<JournalCheckpoint?> Checkpoint();

    [Alias("read"), ReadOnly]
    Task<IReadOnlyList<JournalEntry>> Read(long afterSequence, int limit);

    /// <summary>The entries that name a request id or a certificate number, in order.</summary>
    [Alias("find"), ReadOnly]
    Task<IReadOnlyList<JournalEntry>> Find(string requestIdOrCertificateNumber);

    /// <summary>
    /// The chain after <paramref name="afterSequence"/> (the whole chain for 0) with its checkpoints there (a fresh one
    /// at the head) and the public keys. A witness asks from the entry before the head it last cosigned, so the bundle
    /// starts with that head's own entry.
    /// </summary>
    [Alias("export")]
    Task<JournalBundle> Export(long afterSequence = 0);

    /// <summary>
    /// The deletion statement of a request (by request id or certificate number) with the proof that it is in the
    /// chain: the entries from it to a checkpoint signed at or after it. Null if there is none.
    /// </summary>
    /// <param name="throughSequence">Extend the proof through the checkpoint at or after this entry (a head the city's witness cosigned), so it can be checked against the witness.</param>
    [Alias("deletion-statement")]
    Task<JournalBundle?> DeletionStatement(string requestIdOrCertificateNumber, long throughSequence = 0);

    /// <summary>
    /// Records a witness's cosignature of a head of this chain (a <c>witness-cosigned</c> entry), if it is validly signed
    /// and names this chain's entry as it is; null otherwise.
    /// </summary>
    [Alias("record-witness")]
    Task<JournalEntry?> RecordWitness(WitnessCosignature cosignature);

    /// <summary>The newest cosignature of each witness that posted one, newest first.</summary>
    [Alias("witnessed"), ReadOnly]
    Task<IReadOnlyList<WitnessCosignature>> Witnessed();

    /// <summary>The keyed pseudonym of a holder in this chain's entries. Not read-only: the first call makes and stores the secret.</summary>
    [Alias("pseudonym")]
    Task<string> Pseudonym(ResidentKey resident);

    /// <summary>
    /// A holder's own view at the kiosk: their issuances of the last <see cref="HistoryMonths"/> months, and every time
    /// the city read their records, newest first.
    /// </summary>
    [Alias("history")]
    Task<IReadOnlyList<IssuanceHistoryItem>> History(ResidentKey resident);

    /// <summary>The city's "what was issued to this resident": the read is journaled (with the holder's pseudonym) before the list is returned.</summary>
    [Alias("issuances-of")]
    Task<IReadOnlyList<IssuanceHistoryItem>> IssuancesOf(ResidentKey resident, DataAccess access);

    /// <summary>Journals a read of personal data about no one resident in particular (a search, a list, an export), before it is made.</summary>
    [Alias("record-access")]
    Task RecordAccess(DataAccess access, string subject);

    /// <summary>The newest entries of one kind, newest first (the console's access log, the deployments and releases on record).</summary>
    [Alias("latest"), ReadOnly]
    Task<IReadOnlyList<JournalEntry>> Latest(string kind, int limit);

    /// <summary>How far back a holder's history reaches.</summary>
    public const int HistoryMonths = 12;

    /// <summary>
    /// Who obtained a certificate: the resident whose pseudonym the entry carries, found among the municipality's
    /// residents. The lookup is journaled, with the holder's pseudonym when found, before the answer is given.
    /// </summary>
    [Alias("holder-of")]
    Task<ResidentKey?> HolderOf(string certificateNumber, DataAccess access);

    /// <summary>Records that a refund due was paid back, with the store operator's reference; null if none is due (never, or settled already).</summary>
    [Alias("settle-refund")]
    Task<JournalEntry?> SettleRefund(string requestIdOrCertificateNumber, string operatorReference, string actor);

    /// <summary>A new journal key, certified by the outgoing one; the rotation is journaled in this chain with it.</summary>
    [Alias("rotate")]
    Task<int> Rotate(string actor);

    [Alias("public-keys"), ReadOnly]
    Task<IReadOnlyList<Signing.PublishedKey>> GetPublicKeys();
}

/// <summary>Who did an administrative act, to what, and how (ids and settings only).</summary>
[GenerateSerializer, Immutable, Alias("certorleans.administrative-event")]
public sealed record AdministrativeEvent(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Subject,
    [property: Id(2)] IReadOnlyDictionary<string, string> Details);

public static class JournalNames
{
    public const string ClusterChain = "cluster";

    public static string For(string chain) => $"j{chain}";

    /// <summary>The chain of a key made by <see cref="For"/>.</summary>
    public static string Parse(string grainKey) =>
        grainKey is ['j', .. var chain] && (chain == ClusterChain || (chain.Length == 6 && chain.All(char.IsAsciiDigit)))
            ? chain
            : throw new FormatException($"'{grainKey}' is not a journal grain key.");
}
