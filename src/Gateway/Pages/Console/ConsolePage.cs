using CertOrleans.Contracts.Municipalities;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>What every console page shares: the municipality in view (<c>?m=</c>), checked against the account's.</summary>
public abstract class ConsolePage(IGrainFactory grains) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "m")]
    public string? Municipality { get; set; }

    public MunicipalityConfiguration? Configuration { get; private set; }

    public IReadOnlyList<string> Visible => User.Municipalities();

    public bool MayChange => Municipality is not null && User.MayChange(Municipality);

    protected IGrainFactory Grains => grains;

    /// <summary>Picks the municipality in view; a municipality the account may not see is refused (403) and not even looked up.</summary>
    protected async Task<IActionResult?> SelectAsync()
    {
        Municipality ??= Visible.FirstOrDefault();
        if (Municipality is null || !Contracts.Residents.ResidentKey.IsValidMunicipalityCode(Municipality)) return NotFound();
        if (!User.MayAct(Municipality)) return Forbid(ConsoleAuthentication.Scheme);
        Configuration = await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(Municipality)).Get();
        return Configuration is null ? NotFound() : null;
    }
}
