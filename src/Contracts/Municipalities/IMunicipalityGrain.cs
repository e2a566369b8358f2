using CertOrleans.Contracts.Requests;

namespace CertOrleans.Contracts.Municipalities;

/// <summary>One municipality's store-service configuration, keyed by <see cref="MunicipalityKeys"/>.</summary>
[Alias("certorleans.municipality")]
public interface IMunicipalityGrain : IGrainWithStringKey
{
    /// <summary>The configuration, or null when this municipality is not served here.</summary>
    /// <remarks>Interleaved: the 本籍地 index, activating, asks it while a configuration being saved waits on the index.</remarks>
    [Alias("get"), ReadOnly, AlwaysInterleave]
    Task<MunicipalityConfiguration?> Get();

    /// <summary>Replaces the configuration after validating it, journaled with it; returns it with its new version.</summary>
    [Alias("configure")]
    Task<MunicipalityConfiguration> Configure(MunicipalityConfiguration configuration, string actor);

    /// <summary>Whether a request may start (or, with a type, order that type) at <paramref name="at"/>.</summary>
    [Alias("availability"), ReadOnly]
    Task<Availability> GetAvailability(string? certificateType, DateTimeOffset at);

    /// <summary>The configuration an order is placed under, with whether <paramref name="certificateType"/> can be ordered at <paramref name="at"/>, in one call; null when not served here.</summary>
    [Alias("order-terms"), ReadOnly]
    Task<OrderTerms?> GetOrderTerms(string certificateType, DateTimeOffset at);

    /// <summary>
    /// The kiosk menu at <paramref name="at"/> (now on the cluster's service clock when null): whether the service is
    /// open, and each offered type with its fee, whether it can be ordered now and its options. The one menu, for the
    /// availability endpoint and for a card holder after authentication. Null when this municipality is not served here.
    /// </summary>
    [Alias("menu"), ReadOnly]
    Task<Menu?> GetMenu(DateTimeOffset? at = null);

    /// <summary>
    /// The menu a proposed configuration would give kiosks now, or on the JST date <paramref name="on"/> at this time of
    /// day (to see a scheduled fee before it applies), without storing it; an invalid one is refused as Configure would.
    /// </summary>
    [Alias("preview-menu"), ReadOnly]
    Task<Menu> PreviewMenu(MunicipalityConfiguration proposed, DateOnly? on = null);
}

/// <summary>A municipality's configuration as an order is placed, and whether the ordered type is available then.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.order-terms")]
public sealed record OrderTerms(
    [property: Id(0)] MunicipalityConfiguration Configuration,
    [property: Id(1)] Availability Availability);

/// <summary>What the kiosk shows for a municipality before any card is read.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.menu")]
public sealed record Menu(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string MunicipalityName,
    [property: Id(2)] Availability Service,
    [property: Id(3)] IReadOnlyList<CertificateOffer> Offers)
{
    /// <summary>Maintenance announced for the next two weeks (not yet over), with its notice: kiosks and the status page show it ahead.</summary>
    [Id(4)] public IReadOnlyList<MaintenanceWindow> Announced { get; init; } = [];
    /// <summary>The tax certificate terms of the menu's day: the fiscal years offered and the 納税証明書 rule.</summary>
    [Id(9)] public TaxTerms? Tax { get; init; }
}

/// <summary>Municipality grain keys: <c>m</c> and the six-digit code (<c>m092011</c>).</summary>
public static class MunicipalityKeys
{
    public static string For(string municipalityCode) => $"m{municipalityCode}";

    /// <summary>The municipality code of a key made by <see cref="For"/>.</summary>
    public static string Parse(string grainKey) =>
        grainKey is ['m', .. var code] && code.Length == 6 ? code : throw new FormatException($"'{grainKey}' is not a municipality grain key.");
}
