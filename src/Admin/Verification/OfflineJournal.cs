using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Admin.Verification;

/// <summary>Checks a journal bundle (an export, or a deletion statement with its proof) with nothing but the bundle.</summary>
public static class OfflineJournal
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The finding and the exit code: 0 intact, 4 entries tampered with, 6 a checkpoint not validly signed, 2 unreadable.</summary>
    public static (string Finding, int ExitCode) Verify(string json)
    {
        JournalBundle? bundle;
        try
        {
            bundle = JsonSerializer.Deserialize<JournalBundle>(json, Json);
        }
        catch (JsonException ex)
        {
            return ($"unreadable: not a journal bundle ({ex.Message})", 2);
        }
        if (bundle?.Entries is null || bundle.Checkpoints is null || bundle.Keys is null || bundle.Chain is null)
            return ("unreadable: not a journal bundle (chain, entries, checkpoints and keys are required)", 2);
        var result = JournalVerifier.Verify(bundle);
        var scope = $" (chain {bundle.Chain}, {result.Entries} entries{(result.Partial ? ", part of the chain" : "")})";
        return result.Tampering switch
        {
            JournalTampering.None => (result.Finding + scope, 0),
            JournalTampering.BadCheckpoint => ($"NOT VALID: {result.Finding}{scope}", 6),
            _ => ($"NOT VALID ({result.Tampering.ToString().ToLowerInvariant()}): {result.Finding}{scope}", 4),
        };
    }

    /// <summary>The deletion statement a bundle proves, for printing.</summary>
    public static DeletionStatement? Statement(string json) =>
        JsonSerializer.Deserialize<JournalBundle>(json, Json)?.Entries.FirstOrDefault(e => e.Kind == JournalKinds.Deletion) is { } entry
            ? JournalJson.Read<DeletionStatement>(entry.Body)
            : null;
}
