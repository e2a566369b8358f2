using System.Diagnostics.Metrics;

namespace CertOrleans.Grains.Journal;

/// <summary>The silo's journal meter (<c>CertOrleans.Journal</c>): checkpoints refused because the chain holds a row no silo wrote.</summary>
public sealed class JournalMetrics
{
    public const string MeterName = "CertOrleans.Journal";

    private readonly Counter<long> refusals;

    public JournalMetrics(IMeterFactory meters) =>
        refusals = meters.Create(MeterName).CreateCounter<long>("certorleans.journal.checkpoint.refusals",
            description: "Checkpoints not signed because an entry since the last one fails its link or its silo MAC");

    public void Refused(string chain) => refusals.Add(1, new KeyValuePair<string, object?>("chain", chain));
}
