using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Admin.Verification;

/// <summary>
/// Checks a journal bundle (an export, or a deletion statement with its proof) offline, against what the city holds:
/// its pinned journal keys (<c>--trust</c>) and its witness log (<c>--witness</c>). Without either, the bundle is only
/// checked against itself, and the answer says so with its own exit code.
/// </summary>
public static class OfflineJournal
{
    /// <summary>Verified against what the city holds.</summary>
    public const int Verified = 0;
    public const int Unreadable = 2;
    /// <summary>Intact, but checked only against itself: not evidence against whoever produced it.</summary>
    public const int SelfConsistentOnly = 3;
    public const int Tampered = 4;
    public const int BadCheckpoint = 6;
    public const int Truncated = 7;
    public const int Forked = 8;
    public const int NotWitnessed = 9;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>The finding and the exit code.</summary>
    public static (string Finding, int ExitCode) Verify(string json, JournalEvidence? evidence = null) => Verify(Read(json), evidence);

    /// <summary>The finding and the exit code for a bundle already read (null: unreadable).</summary>
    public static (string Finding, int ExitCode) Verify(JournalBundle? read, JournalEvidence? evidence = null)
    {
        evidence ??= new JournalEvidence();
        if (read is not { } bundle) return ("unreadable: not a journal bundle (chain, entries, checkpoints and keys are required)", Unreadable);
        var result = JournalVerifier.Verify(bundle, evidence);
        var scope = $" (chain {bundle.Chain}, {result.Entries} entries{(result.Partial ? ", part of the chain" : "")})";
        if (result.Valid && result.SelfConsistentOnly)
            return ($"self-consistent only: {result.Finding}{scope}. Checked against the bundle's own keys: this is not evidence against whoever produced it; " +
                "give --trust (the journal keys the city pinned) and --witness (its witness log)", SelfConsistentOnly);
        if (result.Valid && evidence.Cosignatures is null)
            return (result.Finding + scope + "; truncation is not checked without --witness", Verified);
        return result.Tampering switch
        {
            JournalTampering.None => (result.Finding + scope, Verified),
            JournalTampering.BadCheckpoint => ($"NOT VALID: {result.Finding}{scope}", BadCheckpoint),
            JournalTampering.Truncated => ($"NOT VALID (truncated): {result.Finding}{scope}", Truncated),
            JournalTampering.Forked => ($"NOT VALID (rewritten or forked): {result.Finding}{scope}", Forked),
            JournalTampering.NotWitnessed => ($"NOT VALID (not witnessed): {result.Finding}{scope}", NotWitnessed),
            _ => ($"NOT VALID ({result.Tampering.ToString().ToLowerInvariant()}): {result.Finding}{scope}", Tampered),
        };
    }

    public static JournalBundle? Read(string json)
    {
        try
        {
            var bundle = JsonSerializer.Deserialize<JournalBundle>(json, Json);
            return bundle?.Entries is null || bundle.Checkpoints is null || bundle.Keys is null || bundle.Chain is null ? null : bundle;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A trust file (<c>journal pin</c>): the journal keys the city pinned for one chain.</summary>
    public static JournalTrustFile ReadTrust(string json)
    {
        try
        {
            var trust = JsonSerializer.Deserialize<JournalTrustFile>(json, Json);
            if (trust?.Chain is null || trust.Keys is null || trust.Keys.Count == 0 || trust.Keys.Any(k => k.SubjectPublicKeyInfo is not { Length: > 0 }))
                throw new InvalidDataException("The trust file names no chain or no keys.");
            return trust;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The trust file is not one `journal pin` wrote: {ex.Message}");
        }
    }

    /// <summary>The deletion statement a bundle proves, for printing.</summary>
    public static DeletionStatement? Statement(string json) =>
        Read(json)?.Entries.FirstOrDefault(e => e.Kind == JournalKinds.Deletion) is { } entry
            ? JournalJson.Read<DeletionStatement>(entry.Body)
            : null;
}
