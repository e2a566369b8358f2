namespace CertOrleans.Contracts.Reports;

/// <summary>
/// A municipality's reports as documents, rendered on the silos (where the fonts and the PDF writer are): the
/// gateway passes the bytes on. Keyed by the municipality code; holds nothing, so any silo may run it.
/// </summary>
[Alias("certorleans.report-documents")]
public interface IReportDocumentsGrain : IGrainWithStringKey
{
    /// <summary>The month's settlement report as a Japanese PDF.</summary>
    [Alias("settlement-pdf"), ReadOnly]
    Task<byte[]> SettlementPdf(int year, int month);

    /// <summary>The month's settlement as CSV, UTF-8 with a byte order mark (what a spreadsheet opens as Japanese).</summary>
    [Alias("settlement-csv"), ReadOnly]
    Task<byte[]> SettlementCsv(int year, int month);

    /// <summary>The council's report for a period (Japan time, both days included) as a Japanese PDF.</summary>
    [Alias("council-pdf"), ReadOnly]
    Task<byte[]> CouncilPdf(DateOnly from, DateOnly to);

    /// <summary>One day's figures with its requests per hour drawn as an SVG chart, and the chart's legend.</summary>
    [Alias("day"), ReadOnly]
    Task<DayOverview> Day(DateOnly day);
}

/// <param name="Report">The council's report over the one day.</param>
/// <param name="HourlyChartSvg">Requests per hour by outcome as an inline SVG element (no XML declaration).</param>
/// <param name="Legend">The chart's outcomes in its order with their colours, for a legend beside it in the page's own text.</param>
[GenerateSerializer, Immutable, Alias("certorleans.day-overview")]
public sealed record DayOverview(
    [property: Id(0)] CouncilReport Report,
    [property: Id(1)] string HourlyChartSvg,
    [property: Id(2)] IReadOnlyList<ChartLegendEntry> Legend);

/// <param name="Color">#rrggbb.</param>
[GenerateSerializer, Immutable, Alias("certorleans.chart-legend-entry")]
public sealed record ChartLegendEntry([property: Id(0)] string Label, [property: Id(1)] string Color);
