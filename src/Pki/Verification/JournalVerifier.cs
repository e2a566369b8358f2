using System.Security.Cryptography;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Signing;

namespace CertOrleans.Pki.Verification;

/// <summary>What was done to a journal, as far as its bundle shows.</summary>
public enum JournalTampering
{
    None,
    /// <summary>An entry's content no longer matches its hash, or its hash no longer matches the next entry's link.</summary>
    Altered,
    /// <summary>Entries are missing from the run.</summary>
    Removed,
    /// <summary>Entries are there, out of order.</summary>
    Reordered,
    /// <summary>An entry that the chain does not link is among the others.</summary>
    Inserted,
    /// <summary>A checkpoint is not signed by a published, unrevoked journal key, or signs an entry the bundle does not hold.</summary>
    BadCheckpoint,
}

/// <param name="FirstBadSequence">The sequence number of the first bad entry (or checkpoint).</param>
/// <param name="CheckpointedThrough">The last entry a valid checkpoint signs (0 if none).</param>
/// <param name="Partial">The bundle starts after the chain's first entry (a deletion statement's proof): what comes before is not checked.</param>
public sealed record JournalVerification(JournalTampering Tampering, long? FirstBadSequence, string Finding, int Entries, long CheckpointedThrough, bool Partial)
{
    public bool Valid => Tampering == JournalTampering.None;
}

/// <summary>Checks a journal bundle offline: every entry's hash, every link, every sequence number, every checkpoint's signature.</summary>
public static class JournalVerifier
{
    public static JournalVerification Verify(JournalBundle bundle)
    {
        var entries = bundle.Entries;
        if (entries.Count == 0) return new(JournalTampering.None, null, "the bundle holds no entries", 0, 0, false);
        var partial = entries[0].Sequence != 1;
        JournalVerification Bad(JournalTampering kind, long sequence, string finding) => new(kind, sequence, finding, entries.Count, 0, partial);

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!entry.IsIntact || entry.Chain != bundle.Chain) return Bad(JournalTampering.Altered, entry.Sequence, $"entry {entry.Sequence} was altered: its content does not match its hash");
            if (i == 0)
            {
                if (!partial && entry.PreviousHash != JournalEntry.Genesis) return Bad(JournalTampering.Altered, entry.Sequence, "entry 1 does not start the chain");
                continue;
            }
            var previous = entries[i - 1];
            var expected = previous.Sequence + 1;
            if (entry.Sequence == expected)
            {
                if (entry.PreviousHash == previous.Hash) continue;
                // The link is broken with the numbers in order: an extra entry sits here, or the one before was re-hashed.
                return entries.Skip(i + 1).Any(e => e.PreviousHash == previous.Hash)
                    ? Bad(JournalTampering.Inserted, entry.Sequence, $"an entry numbered {entry.Sequence} was inserted: the chain links past it")
                    : Bad(JournalTampering.Altered, previous.Sequence, $"entry {previous.Sequence} was altered and re-hashed: entry {entry.Sequence} no longer links to it");
            }
            if (entry.Sequence > expected)
            {
                return entries.Skip(i + 1).Any(e => e.Sequence == expected)
                    ? Bad(JournalTampering.Reordered, expected, $"entries were reordered: entry {expected} comes after entry {entry.Sequence}")
                    : Bad(JournalTampering.Removed, expected, expected == entry.Sequence - 1
                        ? $"entry {expected} was removed"
                        : $"entries {expected} to {entry.Sequence - 1} were removed");
            }
            var twin = entries.Take(i).LastOrDefault(e => e.Sequence == entry.Sequence);
            if (twin is null) return Bad(JournalTampering.Reordered, entry.Sequence, $"entries were reordered: entry {entry.Sequence} comes after entry {previous.Sequence}");
            // Two entries with one number: the one the next entry links to is the chain's, the other was inserted.
            var genuineIsThis = i + 1 < entries.Count && entries[i + 1].PreviousHash == entry.Hash;
            return Bad(JournalTampering.Inserted, entry.Sequence,
                $"an entry numbered {entry.Sequence} was inserted ({(genuineIsThis ? "the first" : "the second")} of the two with that number)");
        }

        var checkpointed = 0L;
        foreach (var checkpoint in bundle.Checkpoints.OrderBy(c => c.Sequence))
        {
            if (checkpoint.Chain != bundle.Chain || !IsSigned(checkpoint, bundle.Keys))
                return Bad(JournalTampering.BadCheckpoint, checkpoint.Sequence, $"the checkpoint at entry {checkpoint.Sequence} is not signed by a published, unrevoked journal key");
            if (checkpoint.Sequence < entries[0].Sequence || checkpoint.Sequence > entries[^1].Sequence) continue;
            var entry = entries.First(e => e.Sequence == checkpoint.Sequence);
            if (entry.Hash != checkpoint.Hash)
                return Bad(JournalTampering.Altered, checkpoint.Sequence,
                    $"the entries up to {checkpoint.Sequence} differ from what the checkpoint signed: altered, removed or inserted and re-hashed after it was signed");
            checkpointed = Math.Max(checkpointed, checkpoint.Sequence);
        }
        var tail = entries[^1].Sequence > checkpointed ? $"; entries after {checkpointed} are linked but not yet signed by a checkpoint" : "";
        var from = partial ? $"entries {entries[0].Sequence} to {entries[^1].Sequence} (a part of the chain)" : $"all {entries.Count} entries";
        return new(JournalTampering.None, null, $"intact: {from} link up, signed through entry {checkpointed}{tail}", entries.Count, checkpointed, partial);
    }

    private static bool IsSigned(JournalCheckpoint checkpoint, IReadOnlyList<PublishedKey> keys)
    {
        var key = keys.FirstOrDefault(k => k.KeyId == checkpoint.KeyId);
        if (key is null || key.Status == nameof(IssuingKeyStatus.Revoked)) return false;
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(checkpoint.Signature);
        }
        catch (FormatException)
        {
            return false;
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
        return ecdsa.VerifyData(checkpoint.SignedBytes(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
