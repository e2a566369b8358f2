using CertOrleans.Contracts.Reports;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace CertOrleans.Rendering.Reports;

/// <summary>Requests per hour by outcome as stacked bars (an hour a row), drawn by OxyPlot as SVG on the server (the page needs no script).</summary>
public static class HourlyChart
{
    private static readonly (string Outcome, OxyColor Color)[] Outcomes =
    [
        ("Printed", OxyColor.FromRgb(60, 141, 74)),
        ("PrintFailed", OxyColor.FromRgb(192, 57, 43)),
        ("Cancelled", OxyColor.FromRgb(201, 154, 28)),
        ("Expired", OxyColor.FromRgb(127, 140, 141)),
        ("AuthenticationFailed", OxyColor.FromRgb(142, 68, 173)),
    ];

    public const int FirstHour = 6, LastHour = 23;

    /// <summary>The outcomes in the chart's order, with their colours (#rrggbb), for the legend beside it.</summary>
    public static IReadOnlyList<ChartLegendEntry> Legend { get; } =
        [.. Outcomes.Select(o => new ChartLegendEntry(ReportNames.OutcomeName(o.Outcome), $"#{o.Color.R:x2}{o.Color.G:x2}{o.Color.B:x2}"))];

    public static string Svg(IReadOnlyList<HourlyCount> counts)
    {
        // The legend is the page's (HTML): OxyPlot measures text with Latin font metrics and would crowd Japanese labels.
        var model = new PlotModel { Title = "時間帯別の請求（結果別）", TitleFontSize = 13, DefaultFontSize = 10, IsLegendVisible = false };
        // OxyPlot's bars run along the value axis: hours down the left, counts along the bottom.
        var hours = new CategoryAxis { Position = AxisPosition.Left, Title = "時", StartPosition = 1, EndPosition = 0 };
        for (var hour = FirstHour; hour <= LastHour; hour++) hours.Labels.Add(hour.ToString(System.Globalization.CultureInfo.InvariantCulture));
        model.Axes.Add(hours);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, MinimumMajorStep = 1, Title = "件" });
        foreach (var (outcome, color) in Outcomes)
        {
            var series = new BarSeries { Title = ReportNames.OutcomeName(outcome), IsStacked = true, FillColor = color };
            for (var hour = FirstHour; hour <= LastHour; hour++)
                series.Items.Add(new BarItem(counts.Where(c => c.Hour == hour && c.Outcome == outcome).Sum(c => c.Count)));
            model.Series.Add(series);
        }
        var svg = SvgExporter.ExportToString(model, 680, 420, isDocument: false);
        // Inline in the page: the XML declaration has no place inside HTML.
        return svg[svg.IndexOf("<svg", StringComparison.Ordinal)..];
    }
}
