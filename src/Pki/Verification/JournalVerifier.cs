using System.Security.Cryptography;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Signing;

namespace CertOrleans.Pki.Verification;

/// <summary>What was done to a journal, as far as its bundle and what the city holds show.</summary>
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
    /// <summary>
    /// A checkpoint is not validly signed (by a published, unrevoked key; with pinned keys, by a key the city pinned or
    /// one a pinned key certified), names an entry past the bundle's last, or no checkpoint signs any of the entries.
    /// </summary>
    BadCheckpoint,
    /// <summary>The bundle ends before a head the city's witness cosigned: entries were cut off.</summary>
    Truncated,
    /// <summary>An entry differs from the one the witness cosigned at its number: the chain was rewritten or forked.</summary>
    Forked,
    /// <summary>A part of the chain with no witnessed head in it: nothing the witness saw ties it to the chain.</summary>
    NotWitnessed,
}

/// <summary>What the city holds, independent of the bundle: the journal keys it pinned, and the heads its witnesses cosigned.</summary>
public sealed record JournalEvidence(IReadOnlyList<PinnedJournalKey>? PinnedKeys = null, IReadOnlyList<WitnessCosignature>? Cosignatures = null)
{
    public bool IsEmpty => PinnedKeys is null && Cosignatures is null;
}

/// <param name="FirstBadSequence">The sequence number of the first bad entry (or checkpoint).</param>
/// <param name="CheckpointedThrough">The last entry a valid checkpoint signs (0 if none).</param>
/// <param name="Partial">The bundle starts after the chain's first entry (a deletion statement's proof): what comes before is not checked.</param>
/// <param name="WitnessedThrough">The last entry of the bundle at a head a witness cosigned (0 if none, or no cosignatures were given).</param>
/// <param name="SelfConsistentOnly">Nothing the city holds was given: the bundle was checked only against itself.</param>
public sealed record JournalVerification(JournalTampering Tampering, long? FirstBadSequence, string Finding, int Entries, long CheckpointedThrough, bool Partial,
    long WitnessedThrough = 0, bool SelfConsistentOnly = true)
{
    public bool Valid => Tampering == JournalTampering.None;
}

/// <summary>
/// Checks a journal bundle offline: every entry's hash, every link, every sequence number, every checkpoint's
/// signature; with <see cref="JournalEvidence"/>, also that the checkpoints were signed by keys the city pinned (or
/// keys those certified, rotation by rotation) and that the bundle holds, unchanged, every head a witness cosigned.
/// </summary>
public static class JournalVerifier
{
    public static JournalVerification Verify(JournalBundle bundle, JournalEvidence? evidence = null)
    {
        evidence ??= new JournalEvidence();
        var entries = bundle.Entries;
        if (entries.Count == 0)
        {
            // An empty bundle proves nothing; it is only "intact" while no witness has seen the chain hold anything.
            var newest = Cosigned(bundle.Chain, evidence).LastOrDefault();
            return newest is not null
                ? new(JournalTampering.Truncated, 1, $"the bundle holds no entries, but witness {newest.Witness} cosigned entry {newest.Sequence} at {newest.WitnessedAt}: entries were cut off", 0, 0, false, 0, false)
                : new(JournalTampering.None, null, "the bundle holds no entries", 0, 0, false, 0, evidence.IsEmpty);
        }
        var partial = entries[0].Sequence != 1;
        JournalVerification Bad(JournalTampering kind, long sequence, string finding) => new(kind, sequence, finding, entries.Count, 0, partial, 0, evidence.IsEmpty);

        if (Links(bundle.Chain, entries, partial) is { } broken) return Bad(broken.Kind, broken.Sequence, broken.Finding);

        var keys = AcceptedKeys(bundle, evidence.PinnedKeys, out var keyNote);
        var checkpointed = 0L;
        foreach (var checkpoint in bundle.Checkpoints.OrderBy(c => c.Sequence))
        {
            if (checkpoint.Chain != bundle.Chain || !IsSigned(checkpoint, keys))
                return Bad(JournalTampering.BadCheckpoint, checkpoint.Sequence, evidence.PinnedKeys is null
                    ? $"the checkpoint at entry {checkpoint.Sequence} is not signed by a published, unrevoked journal key"
                    : $"the checkpoint at entry {checkpoint.Sequence} is signed by key {checkpoint.KeyId}, which is not a key the city pinned nor one certified by a pinned key{keyNote}");
            if (checkpoint.Sequence > entries[^1].Sequence)
                return Bad(JournalTampering.BadCheckpoint, checkpoint.Sequence,
                    $"the checkpoint at entry {checkpoint.Sequence} is past the bundle's last entry {entries[^1].Sequence}: entries it signed were cut off");
            if (checkpoint.Sequence < entries[0].Sequence) continue;
            var entry = entries.First(e => e.Sequence == checkpoint.Sequence);
            if (entry.Hash != checkpoint.Hash)
                return Bad(JournalTampering.Altered, checkpoint.Sequence,
                    $"the entries up to {checkpoint.Sequence} differ from what the checkpoint signed: altered, removed or inserted and re-hashed after it was signed");
            checkpointed = Math.Max(checkpointed, checkpoint.Sequence);
        }
        if (checkpointed == 0)
            return Bad(JournalTampering.BadCheckpoint, entries[0].Sequence, "no checkpoint signs any entry of the bundle: nothing in it is signed");

        var witnessed = 0L;
        if (evidence.Cosignatures is not null)
        {
            var cosigned = Cosigned(bundle.Chain, evidence);
            foreach (var cosignature in cosigned.Where(c => c.Sequence >= entries[0].Sequence && c.Sequence <= entries[^1].Sequence))
            {
                var entry = entries.First(e => e.Sequence == cosignature.Sequence);
                if (entry.Hash != cosignature.Hash)
                    return Bad(JournalTampering.Forked, cosignature.Sequence,
                        $"entry {cosignature.Sequence} is not the one witness {cosignature.Witness} cosigned at {cosignature.WitnessedAt}: the chain was rewritten or forked");
                witnessed = Math.Max(witnessed, cosignature.Sequence);
            }
            var newest = cosigned.LastOrDefault();
            if (!partial && newest is not null && newest.Sequence > entries[^1].Sequence)
                return Bad(JournalTampering.Truncated, entries[^1].Sequence + 1,
                    $"the bundle ends at entry {entries[^1].Sequence}, but witness {newest.Witness} cosigned entry {newest.Sequence} at {newest.WitnessedAt}: entries were cut off");
            if (witnessed == 0)
                return Bad(JournalTampering.NotWitnessed, entries[0].Sequence, partial
                    ? $"no head a witness cosigned lies in entries {entries[0].Sequence} to {entries[^1].Sequence}: nothing ties this part to the witnessed chain (fetch it through a witnessed head)"
                    : "no head a witness cosigned lies in the bundle: the witness has not seen this chain");
        }

        var tail = entries[^1].Sequence > checkpointed ? $"; entries after {checkpointed} are linked but not yet signed by a checkpoint" : "";
        var from = partial ? $"entries {entries[0].Sequence} to {entries[^1].Sequence} (a part of the chain)" : $"all {entries.Count} entries";
        var trust = evidence.PinnedKeys is not null ? $"; every checkpoint is signed by a key the city pinned{keyNote}" : "";
        var witness = evidence.Cosignatures is not null
            ? $"; witnessed through entry {witnessed}{(entries[^1].Sequence > witnessed ? $", entries after {witnessed} not yet witnessed" : "")}"
            : "";
        return new(JournalTampering.None, null, $"intact: {from} link up, signed through entry {checkpointed}{tail}{trust}{witness}", entries.Count, checkpointed, partial,
            witnessed, evidence.IsEmpty);
    }

    private static List<WitnessCosignature> Cosigned(string chain, JournalEvidence evidence) =>
        (evidence.Cosignatures ?? []).Where(c => c.Chain == chain && IsCosigned(c)).OrderBy(c => c.Sequence).ToList();

    /// <summary>Whether a cosignature is its witness key's signature over what it says.</summary>
    public static bool IsCosigned(WitnessCosignature cosignature)
    {
        if (cosignature.WitnessKey is not { Length: > 0 and <= 512 }) return false;
        try
        {
            return Verifies(Convert.FromBase64String(cosignature.WitnessKey), cosignature.SignedBytes(), cosignature.Signature);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static (JournalTampering Kind, long Sequence, string Finding)? Links(string chain, IReadOnlyList<JournalEntry> entries, bool partial)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!entry.IsIntact || entry.Chain != chain) return (JournalTampering.Altered, entry.Sequence, $"entry {entry.Sequence} was altered: its content does not match its hash");
            if (i == 0)
            {
                if (!partial && entry.PreviousHash != JournalEntry.Genesis) return (JournalTampering.Altered, entry.Sequence, "entry 1 does not start the chain");
                continue;
            }
            var previous = entries[i - 1];
            var expected = previous.Sequence + 1;
            if (entry.Sequence == expected)
            {
                if (entry.PreviousHash == previous.Hash) continue;
                // The link is broken with the numbers in order: an extra entry sits here, or the one before was re-hashed.
                return entries.Skip(i + 1).Any(e => e.PreviousHash == previous.Hash)
                    ? (JournalTampering.Inserted, entry.Sequence, $"an entry numbered {entry.Sequence} was inserted: the chain links past it")
                    : (JournalTampering.Altered, previous.Sequence, $"entry {previous.Sequence} was altered and re-hashed: entry {entry.Sequence} no longer links to it");
            }
            if (entry.Sequence > expected)
            {
                return entries.Skip(i + 1).Any(e => e.Sequence == expected)
                    ? (JournalTampering.Reordered, expected, $"entries were reordered: entry {expected} comes after entry {entry.Sequence}")
                    : (JournalTampering.Removed, expected, expected == entry.Sequence - 1
                        ? $"entry {expected} was removed"
                        : $"entries {expected} to {entry.Sequence - 1} were removed");
            }
            var twin = entries.Take(i).LastOrDefault(e => e.Sequence == entry.Sequence);
            if (twin is null) return (JournalTampering.Reordered, entry.Sequence, $"entries were reordered: entry {entry.Sequence} comes after entry {previous.Sequence}");
            // Two entries with one number: the one the next entry links to is the chain's, the other was inserted.
            var genuineIsThis = i + 1 < entries.Count && entries[i + 1].PreviousHash == entry.Hash;
            return (JournalTampering.Inserted, entry.Sequence,
                $"an entry numbered {entry.Sequence} was inserted ({(genuineIsThis ? "the first" : "the second")} of the two with that number)");
        }
        return null;
    }

    /// <summary>
    /// The keys whose checkpoint signatures count. Without pinned keys: the bundle's own (self-consistency only). With
    /// them: the pinned keys as the city holds them, then, in id order, each bundle key that the key before it certified
    /// (a rotation), never a key the bundle merely lists. A revoked status in the bundle still withdraws a key.
    /// </summary>
    private static Dictionary<int, byte[]> AcceptedKeys(JournalBundle bundle, IReadOnlyList<PinnedJournalKey>? pinned, out string note)
    {
        note = "";
        var revoked = bundle.Keys.Where(k => k.Status == nameof(IssuingKeyStatus.Revoked)).Select(k => k.KeyId).ToHashSet();
        if (pinned is null) return bundle.Keys.Where(k => !revoked.Contains(k.KeyId)).ToDictionary(k => k.KeyId, k => k.SubjectPublicKeyInfo);
        var accepted = pinned.Where(k => !revoked.Contains(k.KeyId)).ToDictionary(k => k.KeyId, k => k.SubjectPublicKeyInfo);
        var followed = new List<int>();
        foreach (var key in bundle.Keys.OrderBy(k => k.KeyId))
        {
            if (accepted.ContainsKey(key.KeyId) || revoked.Contains(key.KeyId) || key.CertifiedBy is not { } by || key.Certification is null
                || !accepted.TryGetValue(by, out var certifier)) continue;
            if (!Verifies(certifier, KeyCertification.SignedBytes(JournalTrust.RingName(bundle.Chain), key.KeyId, key.SubjectPublicKeyInfo, by), key.Certification)) continue;
            accepted[key.KeyId] = key.SubjectPublicKeyInfo;
            followed.Add(key.KeyId);
        }
        if (followed.Count > 0) note = $" (key{(followed.Count > 1 ? "s" : "")} {string.Join(", ", followed)} by certified rotation)";
        return accepted;
    }

    private static bool IsSigned(JournalCheckpoint checkpoint, Dictionary<int, byte[]> keys) =>
        keys.TryGetValue(checkpoint.KeyId, out var key) && Verifies(key, checkpoint.SignedBytes(), checkpoint.Signature);

    private static bool Verifies(byte[] subjectPublicKeyInfo, byte[] data, string signatureBase64)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return ecdsa.VerifyData(data, Convert.FromBase64String(signatureBase64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
