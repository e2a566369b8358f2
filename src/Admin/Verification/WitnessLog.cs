using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Admin.Verification;

/// <summary>
/// A witness's log: one cosignature per line (JSON Lines), appended, never rewritten. It is the city's own record
/// of the heads its witness saw, and what <c>journal verify --witness</c> checks a bundle against.
/// </summary>
public sealed class WitnessLog(string path, IReadOnlyList<WitnessCosignature> cosignatures)
{
    public IReadOnlyList<WitnessCosignature> Cosignatures => cosignatures;

    public static WitnessLog Load(string path)
    {
        if (!File.Exists(path)) return new WitnessLog(path, []);
        var cosignatures = new List<WitnessCosignature>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            WitnessCosignature? cosignature;
            try
            {
                cosignature = JsonSerializer.Deserialize<WitnessCosignature>(line, OfflineJournal.Json);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}, line {number}: not a witness cosignature ({ex.Message})");
            }
            if (cosignature is null || !JournalVerifier.IsCosigned(cosignature)) throw new InvalidDataException($"{path}, line {number}: the cosignature is not signed by its witness key");
            cosignatures.Add(cosignature);
        }
        return new WitnessLog(path, cosignatures);
    }

    /// <summary>The newest head this witness key cosigned for the chain.</summary>
    public WitnessCosignature? Last(string chain, string witnessKey) =>
        cosignatures.Where(c => c.Chain == chain && c.WitnessKey == witnessKey).MaxBy(c => c.Sequence);

    public void Append(WitnessCosignature cosignature)
    {
        // One line, flushed to disk before the witness says it cosigned.
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var line = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(cosignature, OfflineJournal.Json) + "\n");
        stream.Write(line);
        stream.Flush(flushToDisk: true);
    }
}
