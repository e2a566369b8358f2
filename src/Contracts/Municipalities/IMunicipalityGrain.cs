namespace CertOrleans.Contracts.Municipalities;

/// <summary>One municipality's store-service configuration, keyed <c>m{code}</c> (e.g. <c>m092011</c>).</summary>
[Alias("certorleans.municipality")]
public interface IMunicipalityGrain : IGrainWithStringKey
{
    /// <summary>The configuration, or null when this municipality is not served here.</summary>
    [Alias("get")]
    Task<MunicipalityConfiguration?> Get();

    /// <summary>Replaces the configuration after validating it; returns it with its new version.</summary>
    [Alias("configure")]
    Task<MunicipalityConfiguration> Configure(MunicipalityConfiguration configuration);

    /// <summary>Whether a request may start (or, with a type, order that type) at <paramref name="at"/>.</summary>
    [Alias("availability")]
    Task<Availability> GetAvailability(string? certificateType, DateTimeOffset at);
}

public static class MunicipalityKeys
{
    public static string For(string municipalityCode) => $"m{municipalityCode}";
}
