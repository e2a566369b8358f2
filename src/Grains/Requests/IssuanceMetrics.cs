using System.Diagnostics.Metrics;
using CertOrleans.Contracts.Requests;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// The silo's issuance meter (<c>CertOrleans.Issuance</c>): every request's end by certificate type and outcome,
/// and how long it lived. Tags are codes only, never anything about the resident.
/// </summary>
public sealed class IssuanceMetrics
{
    public const string MeterName = "CertOrleans.Issuance";

    private readonly Counter<long> ended;
    private readonly Histogram<double> duration;

    public IssuanceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        ended = meter.CreateCounter<long>("certorleans.issuance.requests", description: "Issuance requests ended, by certificate type and outcome");
        duration = meter.CreateHistogram<double>("certorleans.issuance.request.duration", "s", "From start to end of an issuance request");
    }

    public void Ended(LifecycleRecord record)
    {
        var tags = new System.Diagnostics.TagList
        {
            // The issuing municipality's code (not personal data): an operator's alert is per city.
            { "municipality", record.MunicipalityCode ?? "none" },
            { "certificate_type", record.CertificateType ?? "none" },
            { "outcome", record.Outcome.ToString() },
            { "paid", record.Paid },
        };
        ended.Add(1, tags);
        duration.Record((record.EndedAt - record.StartedAt).TotalSeconds, tags);
    }
}
