using System.Text;
using CertOrleans.Contracts.Reports;
using CertOrleans.Rendering.Reports;
using Orleans.Concurrency;

namespace CertOrleans.Grains.Reports;

/// <summary>
/// Renders a municipality's reports where the fonts are: the figures from <see cref="IReportsGrain"/> (a stateless
/// worker too, so the call stays on this silo), the document from <see cref="ReportDocuments"/> and <see cref="HourlyChart"/>.
/// </summary>
[StatelessWorker]
public sealed class ReportDocumentsGrain : Grain, IReportDocumentsGrain
{
    private IReportsGrain Reports => GrainFactory.GetGrain<IReportsGrain>(this.GetPrimaryKeyString());

    public async Task<byte[]> SettlementPdf(int year, int month) => ReportDocuments.SettlementPdf(await Reports.Settlement(year, month));

    public async Task<byte[]> SettlementCsv(int year, int month) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ReportDocuments.SettlementCsv(await Reports.Settlement(year, month)))];

    public async Task<byte[]> CouncilPdf(DateOnly from, DateOnly to) => ReportDocuments.CouncilPdf(await Reports.Council(from, to));

    public async Task<DayOverview> Day(DateOnly day)
    {
        var report = await Reports.Council(day, day);
        return new DayOverview(report, HourlyChart.Svg(report.Hourly ?? []), HourlyChart.Legend);
    }
}
