namespace CertOrleans.Contracts.Domiciles;

/// <summary>
/// Which served city a 本籍 lies in, among the cities that take 本籍地 registrations from residents of other cities: one
/// grain (<see cref="DomicileCityIndexKeys.Key"/>) answering from memory, so a login costs one call however many cities
/// are served. Each municipality grain tells it of a configuration once saved; it is rebuilt from them when activated.
/// </summary>
[Alias("certorleans.domicile-city-index")]
public interface IDomicileCityIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// The city, other than <paramref name="residenceCode"/>, whose prefecture and name the 本籍 starts with (the longest
    /// such, should one city's name begin another's), or null.
    /// </summary>
    [Alias("city-of"), ReadOnly]
    Task<DomicileCity?> CityOf(string residenceCode, string permanentDomicile);

    /// <summary>A city's configuration as just saved (its name, prefecture and registration policy), or null when it is not served.</summary>
    [Alias("update")]
    Task Update(string municipalityCode, Municipalities.MunicipalityConfiguration? configuration);
}

/// <summary>A 本籍地 city found by <see cref="IDomicileCityIndexGrain.CityOf"/>.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.domicile-city")]
public sealed record DomicileCity(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string Name);

public static class DomicileCityIndexKeys
{
    /// <summary>The one index (a letter that is not a hex digit, as every string key here starts with).</summary>
    public const string Key = "index";
}
