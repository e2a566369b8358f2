using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Requests;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>
/// Stops or resumes one municipality's store issuance at once, with a reason that goes into the journal and, for a
/// stop, is that municipality's own notice. Only the municipality in view changes (an administrator's own, or any for
/// a cluster operator); types and store operators stay with the operators' API. The version read with the page must
/// still be current, so a change someone else made meanwhile is never undone.
/// </summary>
public sealed class SwitchesModel(IGrainFactory grains) : ConsolePage(grains)
{
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public long Version { get; set; }

    public bool Stopped { get; private set; }
    public string? Notice { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await SelectAsync() is { } refused) return refused;
        Show(await Switches().Get());
        return Page();
    }

    public Task<IActionResult> OnPostStopAsync() => ChangeAsync(stop: true);

    public Task<IActionResult> OnPostResumeAsync() => ChangeAsync(stop: false);

    private async Task<IActionResult> ChangeAsync(bool stop)
    {
        if (await SelectAsync() is { } refused) return refused;
        if (!MayChange) return Forbid(Security.ConsoleAuthentication.Scheme);
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > ServiceSwitches.MaxNoticeLength)
        {
            Error = "理由を入力してください（200文字まで）。";
            Show(await Switches().Get());
            return Page();
        }
        try
        {
            Show(await Switches().SetMunicipality(Municipality!, stop, Reason, Version, User.Identity?.Name ?? "unknown"));
        }
        catch (IssuanceException ex) when (ex.Code == ErrorCodes.SwitchesChanged)
        {
            // Someone changed the switches since this page was read: show what holds now and let the person decide again.
            Error = "この画面を開いた後にスイッチが変更されました。現在の状態を確かめてから、もう一度操作してください。";
            Show(await Switches().Get());
        }
        return Page();
    }

    private void Show(ServiceSwitches switches)
    {
        Stopped = switches.StoppedMunicipalities.Contains(Municipality!);
        Notice = Stopped ? switches.NoticeFor(Municipality!) : null;
        // The version this page shows: a later post carries it back.
        Version = switches.Version;
        ModelState.Remove(nameof(Version));
    }

    private IServiceSwitchGrain Switches() => Grains.GetGrain<IServiceSwitchGrain>(0);
}
