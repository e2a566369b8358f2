using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using CertOrleans.Grains.Municipalities;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace CertOrleans.Grains.Operations;

/// <summary>Gathers each configured municipality's menu and the stop switches into the public status, each stop with its own notice; keeps nothing.</summary>
[StatelessWorker]
public sealed class ServiceStatusGrain(IOptions<MunicipalitySeedOptions> seeds) : Grain, IServiceStatusGrain
{
    public async Task<IReadOnlyList<MunicipalityStatus>> GetAll()
    {
        var switches = await GrainFactory.GetGrain<IServiceSwitchGrain>(0).Get();
        var menus = await Task.WhenAll(seeds.Value.Municipalities.Keys.Order(StringComparer.Ordinal)
            .Select(code => GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).GetMenu()));
        return menus.OfType<Menu>().Select(menu =>
        {
            var stopped = switches.StoppedMunicipalities.Contains(menu.MunicipalityCode);
            var types = switches.StoppedAmong(menu.Offers.Select(o => o.Type));
            return new MunicipalityStatus(menu.MunicipalityCode, menu.MunicipalityName, switches.Over(menu.MunicipalityCode, menu.Service), stopped, types,
                stopped ? switches.NoticeFor(menu.MunicipalityCode) : types.Count > 0 ? switches.Notice : null, menu.Announced);
        }).ToList();
    }

    public async Task<Menu?> MenuNow(string municipalityCode)
    {
        var menu = GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(municipalityCode)).GetMenu();
        var switches = await GrainFactory.GetGrain<IServiceSwitchGrain>(0).Get();
        if (await menu is not { } served) return null;
        var service = switches.Over(municipalityCode, served.Service);
        var stoppedTypes = switches.StoppedAmong(served.Offers.Select(o => o.Type));
        return served with
        {
            Service = service with { Notice = service.Notice ?? (stoppedTypes.Count > 0 ? switches.Notice : null) },
            Offers = [.. served.Offers.Select(o => stoppedTypes.Contains(o.Type) ? o with { AvailableNow = false, NextOpening = null } : o)],
        };
    }
}
