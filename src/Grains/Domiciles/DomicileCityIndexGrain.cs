using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Grains.Municipalities;
using Microsoft.Extensions.Options;

namespace CertOrleans.Grains.Domiciles;

/// <inheritdoc cref="IDomicileCityIndexGrain"/>
/// <remarks>
/// Nothing stored: the cities served are the seeded ones, and activation asks each of their grains once, so the index is
/// rebuilt the same way wherever and whenever it activates. A change reaches it after the municipality grain saved it.
/// </remarks>
public sealed class DomicileCityIndexGrain(IOptions<MunicipalitySeedOptions> seeds) : Grain, IDomicileCityIndexGrain
{
    // Served cities taking registrations, by code: their normalised prefecture and name (what a 本籍 starts with) and name.
    private readonly Dictionary<string, (string Prefix, string Name)> cities = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var codes = seeds.Value.Municipalities.Keys.ToList();
        var configurations = await Task.WhenAll(codes.Select(code => GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).Get()));
        for (var i = 0; i < codes.Count; i++) Set(codes[i], configurations[i]);
    }

    public Task<DomicileCity?> CityOf(string residenceCode, string permanentDomicile)
    {
        var domicile = DomicileParticulars.Normalize(permanentDomicile);
        var found = cities
            .Where(c => c.Key != residenceCode && domicile.StartsWith(c.Value.Prefix, StringComparison.Ordinal))
            .OrderByDescending(c => c.Value.Prefix.Length).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new DomicileCity(c.Key, c.Value.Name))
            .FirstOrDefault();
        return Task.FromResult(found);
    }

    public Task Update(string municipalityCode, MunicipalityConfiguration? configuration)
    {
        // Only the seeded cities, as activation rebuilds it: what it answers never depends on what it heard before.
        if (seeds.Value.Municipalities.ContainsKey(municipalityCode)) Set(municipalityCode, configuration);
        return Task.CompletedTask;
    }

    private void Set(string code, MunicipalityConfiguration? city)
    {
        if (city is { DomicileRegistration: not DomicileRegistrationPolicy.NotOffered })
            cities[code] = (DomicileParticulars.Normalize(city.Prefecture + city.Name), city.Name);
        else cities.Remove(code);
    }
}
