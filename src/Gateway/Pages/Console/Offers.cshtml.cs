using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Apis;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>
/// What the kiosk offers and for how much, and the closures (maintenance windows, each with the notice kiosks show):
/// previewed as the kiosk menu they would give, then saved, validated by the municipality grain, journaled.
/// </summary>
public sealed class OffersModel(IGrainFactory grains) : ConsolePage(grains)
{

    /// <summary>The fee of each offered type; a type left empty is not offered.</summary>
    [BindProperty] public Dictionary<string, int?> Fees { get; set; } = [];

    [BindProperty] public List<ClosureRow> Closures { get; set; } = [];

    /// <summary>Scheduled fees: a type's fee from a JST date on.</summary>
    [BindProperty] public List<FeeChangeRow> FeeChanges { get; set; } = [];

    /// <summary>Tax certificates: the fiscal years offered (1–5), the month and day a new one becomes the latest, and whether a 納税証明書 is printed with tax unpaid.</summary>
    [BindProperty] public int TaxFiscalYearsOffered { get; set; } = TaxCertificatePolicy.Default.FiscalYearsOffered;
    [BindProperty] public int TaxNewFiscalYearMonth { get; set; } = TaxCertificatePolicy.Default.NewFiscalYearMonth;
    [BindProperty] public int TaxNewFiscalYearDay { get; set; } = TaxCertificatePolicy.Default.NewFiscalYearDay;
    [BindProperty] public bool TaxPaymentWithUnpaidBalance { get; set; }

    /// <summary>The JST date the preview shows the menu on (today when empty), so a scheduled fee can be seen before it applies.</summary>
    [BindProperty] public DateOnly? PreviewDate { get; set; }

    public Menu? Preview { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public sealed class ClosureRow
    {
        public DateTime? Start { get; set; }
        public DateTime? End { get; set; }
        public string? Notice { get; set; }
        public bool Remove { get; set; }
    }

    public sealed class FeeChangeRow
    {
        public string? Type { get; set; }
        public int? Yen { get; set; }
        public DateOnly? From { get; set; }
        public bool Remove { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        Fees = CertificateTypes.All.ToDictionary(t => t.Code(), t => Configuration!.Fees.TryGetValue(t.Code(), out var fee) ? fee : (int?)null);
        Closures = Configuration!.Maintenance.Select(w => new ClosureRow { Start = w.Start.InJapan().DateTime, End = w.End.InJapan().DateTime, Notice = w.Notice }).ToList();
        Closures.Add(new ClosureRow());
        FeeChanges = Configuration!.FeeChanges.OrderBy(f => f.From).Select(f => new FeeChangeRow { Type = f.CertificateType, Yen = f.Yen, From = f.From }).ToList();
        FeeChanges.Add(new FeeChangeRow());
        var tax = Configuration!.TaxPolicy;
        (TaxFiscalYearsOffered, TaxNewFiscalYearMonth, TaxNewFiscalYearDay, TaxPaymentWithUnpaidBalance) =
            (tax.FiscalYearsOffered, tax.NewFiscalYearMonth, tax.NewFiscalYearDay, tax.TaxPaymentWithUnpaidBalance);
        return Page();
    }

    public Task<IActionResult> OnPostPreviewAsync() => ApplyAsync(save: false);

    public Task<IActionResult> OnPostSaveAsync() => ApplyAsync(save: true);

    private async Task<IActionResult> ApplyAsync(bool save)
    {
        if (await SelectAsync() is { } refused) return refused;
        if (save && !MayChange) return Forbid(Security.ConsoleAuthentication.Scheme);
        var windows = new List<MaintenanceWindow>();
        foreach (var row in Closures.Where(r => !r.Remove && (r.Start is not null || r.End is not null)))
        {
            if (row.Start is not { } start || row.End is not { } end || string.IsNullOrWhiteSpace(row.Notice) || row.Notice.Length > 200)
                return Show("休止期間には開始、終了、お知らせ（200文字まで）をすべて入力してください。");
            windows.Add(new MaintenanceWindow(new DateTimeOffset(start, JapanTime.Offset), new DateTimeOffset(end, JapanTime.Offset), row.Notice.Trim()));
        }
        var changes = new List<FeeChange>();
        foreach (var row in FeeChanges.Where(r => !r.Remove && (r.Yen is not null || r.From is not null)))
        {
            if (string.IsNullOrEmpty(row.Type) || row.Yen is not { } yen || row.From is not { } from)
                return Show("料金の変更には証明書、手数料、適用開始日をすべて入力してください。");
            changes.Add(new FeeChange(row.Type, yen, from));
        }
        var proposed = Configuration! with
        {
            FeeChanges = changes,
            Fees = Fees.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!.Value),
            Maintenance = windows,
            TaxCertificates = new TaxCertificatePolicy
            {
                FiscalYearsOffered = TaxFiscalYearsOffered, NewFiscalYearMonth = TaxNewFiscalYearMonth, NewFiscalYearDay = TaxNewFiscalYearDay,
                TaxPaymentWithUnpaidBalance = TaxPaymentWithUnpaidBalance,
            },
        };
        try
        {
            var municipality = Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(Municipality!));
            Preview = await municipality.PreviewMenu(proposed, PreviewDate);
            if (save)
            {
                var stored = await municipality.Configure(proposed, User.Identity?.Name ?? "unknown");
                Message = "保存しました。次の請求から適用されます。";
            }
        }
        catch (IssuanceException ex) when (ex.Code == ErrorCodes.InvalidConfiguration)
        {
            return Show($"この内容では保存できません: {ex.Message}");
        }
        if (Closures.Count == 0 || Closures[^1].Start is not null) Closures.Add(new ClosureRow());
        if (FeeChanges.Count == 0 || FeeChanges[^1].From is not null) FeeChanges.Add(new FeeChangeRow());
        return Page();
    }

    private PageResult Show(string error)
    {
        Error = error;
        return Page();
    }
}
