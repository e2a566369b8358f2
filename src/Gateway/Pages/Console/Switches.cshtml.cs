using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Operations;
using CertOrleans.Gateway.Apis;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>Stops or resumes a municipality's store issuance at once, with a reason that goes into the journal.</summary>
public sealed class SwitchesModel(IGrainFactory grains) : ConsolePage(grains)
{
    [BindProperty] public string? Reason { get; set; }

    public bool Stopped { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        Stopped = (await Switches().Get()).StoppedMunicipalities.Contains(Municipality!);
        return Page();
    }

    public Task<IActionResult> OnPostStopAsync() => ChangeAsync(stop: true);

    public Task<IActionResult> OnPostResumeAsync() => ChangeAsync(stop: false);

    private async Task<IActionResult> ChangeAsync(bool stop)
    {
        if (await SelectAsync() is { } refused) return refused;
        if (!MayChange) return Forbid(Security.ConsoleAuthentication.Scheme);
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > 200)
        {
            Error = "理由を入力してください（200文字まで）。";
            Stopped = (await Switches().Get()).StoppedMunicipalities.Contains(Municipality!);
            return Page();
        }
        var current = await Switches().Get();
        var municipalities = stop ? current.StoppedMunicipalities.Append(Municipality!).Distinct().ToList() : current.StoppedMunicipalities.Where(m => m != Municipality).ToList();
        // A stop's reason is also the notice kiosks and the public status page show (one notice for all stops).
        var stored = await Switches().Set(current with { StoppedMunicipalities = municipalities, Notice = stop ? Reason.Trim() : current.Notice },
            User.Identity?.Name ?? "unknown", Reason.Trim());
        Stopped = stored.StoppedMunicipalities.Contains(Municipality!);
        return Page();
    }

    private IServiceSwitchGrain Switches() => Grains.GetGrain<IServiceSwitchGrain>(0);
}
