using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Reports;
using CertOrleans.Contracts.Operations;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>Today at a glance for one municipality: issuances by type and outcome, refunds, failures, and whether the service is stopped.</summary>
public sealed class OverviewModel(IGrainFactory grains, TimeProvider time) : ConsolePage(grains)
{
    public CouncilReport? Today { get; private set; }

    public bool Stopped { get; private set; }

    /// <summary>Today's requests per hour by outcome, as an SVG chart, and its legend.</summary>
    public string Chart { get; private set; } = "";

    public IReadOnlyList<ChartLegendEntry> Legend { get; private set; } = [];

    /// <summary>An account for every municipality (a cluster operator) names the one to look at.</summary>
    public bool Choose { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Municipality is null && Visible.Count == 0)
        {
            Choose = true;
            return Page();
        }
        if (await SelectAsync() is { } refused) return refused;
        var today = JapanTime.DateOf(time.GetUtcNow());
        var overview = await Grains.GetGrain<IReportDocumentsGrain>(Municipality!).Day(today);
        (Today, Chart, Legend) = (overview.Report, overview.HourlyChartSvg, overview.Legend);
        Stopped = (await Grains.GetGrain<IServiceSwitchGrain>(0).Get()).StoppedMunicipalities.Contains(Municipality!);
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return Redirect(ConsoleAuthentication.Path + "/signin");
    }
}
