using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Apis;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>The service hours of a municipality (住民票 and the rest, and 戸籍), validated by the municipality grain; every change journaled.</summary>
public sealed class HoursModel(IGrainFactory grains) : ConsolePage(grains)
{
    [BindProperty] public TimeOnly Opens { get; set; }
    [BindProperty] public TimeOnly Closes { get; set; }
    [BindProperty] public TimeOnly FamilyRegisterOpens { get; set; }
    [BindProperty] public TimeOnly FamilyRegisterCloses { get; set; }
    [BindProperty] public bool FamilyRegisterWeekdaysOnly { get; set; }

    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        Show(Configuration!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        if (!MayChange) return Forbid(Security.ConsoleAuthentication.Scheme);
        var next = Configuration! with
        {
            Hours = new DailyHours(Opens, Closes),
            FamilyRegisterHours = new DailyHours(FamilyRegisterOpens, FamilyRegisterCloses, FamilyRegisterWeekdaysOnly),
        };
        try
        {
            var stored = await Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(Municipality!)).Configure(next, User.Identity?.Name ?? "unknown");
            Show(stored);
            Message = "サービス時間を変更しました。次の請求から適用されます。";
        }
        catch (IssuanceException ex) when (ex.Code == ErrorCodes.InvalidConfiguration)
        {
            Error = $"変更できません: {ex.Message}";
        }
        return Page();
    }

    private void Show(MunicipalityConfiguration configuration)
    {
        Opens = configuration.Hours.Opens;
        Closes = configuration.Hours.Closes;
        FamilyRegisterOpens = configuration.FamilyRegisterHours.Opens;
        FamilyRegisterCloses = configuration.FamilyRegisterHours.Closes;
        FamilyRegisterWeekdaysOnly = configuration.FamilyRegisterHours.WeekdaysOnly;
    }
}
