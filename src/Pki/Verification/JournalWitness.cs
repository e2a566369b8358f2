using System.Security.Cryptography;
using CertOrleans.Contracts.Journal;

namespace CertOrleans.Pki.Verification;

/// <summary>What a witness run decided: a head to cosign, nothing new, or a refusal (never cosigned).</summary>
public sealed record WitnessDecision(JournalCheckpoint? Head, string? Refusal, string Finding)
{
    public bool Refused => Refusal is not null;
}

/// <summary>
/// The witness's check, the transparency-log pattern: a new head is cosigned only if it extends the last head this
/// witness cosigned. The bundle must start at that head's entry with that head's hash (so a chain cut short, or
/// rewritten below it, is refused), every link after it must hold, and the newest checkpoint must sign an entry in it.
/// </summary>
public static class JournalWitness
{
    /// <param name="chain">The chain this witness watches.</param>
    /// <param name="last">The newest head this witness cosigned for the chain, or null on its first run.</param>
    /// <param name="bundle">The chain from the last witnessed entry on (from entry 1 on a first run), with its checkpoints and keys.</param>
    /// <param name="pinned">The journal keys the city pinned, if the witness holds them: checkpoints are then accepted only from those (or keys they certified).</param>
    public static WitnessDecision Decide(string chain, WitnessCosignature? last, JournalBundle bundle, IReadOnlyList<PinnedJournalKey>? pinned)
    {
        if (bundle.Chain != chain) return Refuse($"the server sent chain {bundle.Chain}, not {chain}");
        var entries = bundle.Entries;
        if (last is not null)
        {
            if (entries.Count == 0 || entries[0].Sequence != last.Sequence)
                return Refuse($"entry {last.Sequence}, witnessed at {last.WitnessedAt}, is no longer in the chain: it was cut off or rewritten");
            if (entries[0].Hash != last.Hash)
                return Refuse($"entry {last.Sequence} is not the one witnessed at {last.WitnessedAt} (hash {Short(entries[0].Hash)}, witnessed {Short(last.Hash)}): the chain was rewritten or forked");
        }
        else if (entries.Count == 0)
        {
            return new(null, null, "the chain holds no entries yet: nothing to cosign");
        }
        else if (entries[0].Sequence != 1)
        {
            return Refuse("a first run needs the chain from entry 1");
        }
        var verification = JournalVerifier.Verify(bundle, new JournalEvidence(pinned));
        if (!verification.Valid) return Refuse($"the chain does not hold together: {verification.Finding}");
        var head = bundle.Checkpoints.Where(c => c.Sequence <= entries[^1].Sequence).MaxBy(c => c.Sequence)!;
        if (last is not null && head.Sequence <= last.Sequence)
            return new(null, null, $"no new signed head: still entry {last.Sequence}, witnessed at {last.WitnessedAt}");
        return new(head, null, $"entry {head.Sequence} extends {(last is null ? "the chain's start" : $"entry {last.Sequence}")}: {verification.Finding}");
    }

    /// <summary>The witness's cosignature of a head it accepted.</summary>
    public static WitnessCosignature Cosign(JournalCheckpoint head, ECDsa witnessKey, DateTimeOffset now)
    {
        var unsigned = new WitnessCosignature(head.Chain, head.Sequence, head.Hash, head.KeyId, head.SignedAt, JournalEntry.Time(now),
            Convert.ToBase64String(witnessKey.ExportSubjectPublicKeyInfo()), "");
        return unsigned with
        {
            Signature = Convert.ToBase64String(witnessKey.SignData(unsigned.SignedBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
        };
    }

    private static WitnessDecision Refuse(string why) => new(null, why, $"REFUSED, not cosigned: {why}");

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
