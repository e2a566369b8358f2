using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>The settlement report (PDF, CSV) and the council's report (PDF) of the municipality in view, as downloads.</summary>
public sealed class ReportsModel(IGrainFactory grains, TimeProvider time) : ConsolePage(grains)
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public string? Error { get; private set; }

    public DateOnly Today => JapanTime.DateOf(time.GetUtcNow());

    public async Task<IActionResult> OnGetAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        return Page();
    }

    public async Task<IActionResult> OnGetSettlementAsync(string format)
    {
        if (await SelectAsync() is { } refused) return refused;
        if (!DateOnly.TryParseExact($"{Month}-01", "yyyy-MM-dd", out var month)) return Fail("月を yyyy-MM の形で指定してください。");
        var documents = Grains.GetGrain<IReportDocumentsGrain>(Municipality!);
        var name = $"settlement-{Municipality}-{month:yyyy-MM}";
        return format == "csv"
            ? File(await documents.SettlementCsv(month.Year, month.Month), "text/csv; charset=utf-8", name + ".csv")
            : File(await documents.SettlementPdf(month.Year, month.Month), "application/pdf", name + ".pdf");
    }

    public async Task<IActionResult> OnGetCouncilAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        if (From is not { } from || To is not { } to || to < from || to.DayNumber - from.DayNumber > 400) return Fail("期間（開始日・終了日、400日以内）を指定してください。");
        return File(await Grains.GetGrain<IReportDocumentsGrain>(Municipality!).CouncilPdf(from, to), "application/pdf", $"council-{Municipality}-{from:yyyyMMdd}-{to:yyyyMMdd}.pdf");
    }

    private PageResult Fail(string message)
    {
        Error = message;
        return Page();
    }
}
