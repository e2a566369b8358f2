
namespace CertOrleans.Contracts.Operations;

/// <summary>
/// The stop switches for the day an inspection order comes: stop issuance for a municipality, for a
/// certificate type everywhere, or for every terminal of a store operator. One grain for the cluster,
/// asked on every request start and every order, so a switch takes effect on every silo at once.
/// </summary>
[Alias("certorleans.service-switch")]
public interface IServiceSwitchGrain : IGrainWithIntegerKey
{
    [Alias("get"), ReadOnly]
    Task<ServiceSwitches> Get();

    [Alias("set")]
    /// <summary>Replaces the switches, journaled with the change in the cluster's chain and in each municipality whose stop changed, with the reason given.</summary>
    Task<ServiceSwitches> Set(ServiceSwitches switches, string actor, string? reason = null);
}

[GenerateSerializer, Immutable, Alias("certorleans.service-switches")]
public sealed record ServiceSwitches(
    [property: Id(0)] IReadOnlyList<string> StoppedMunicipalities,
    [property: Id(1)] IReadOnlyList<string> StoppedCertificateTypes,
    [property: Id(2)] IReadOnlyList<string> StoppedStoreOperators,
    [property: Id(3)] string? Notice = null)
{
    public static readonly ServiceSwitches AllRunning = new([], [], []);

    /// <summary>The longest notice a kiosk shows.</summary>
    public const int MaxNoticeLength = 200;

    /// <summary>The service as kiosks and residents should see it: closed, with the notice, while the municipality is stopped.</summary>
    public Municipalities.Availability Over(string municipalityCode, Municipalities.Availability service) =>
        StoppedMunicipalities.Contains(municipalityCode) ? new Municipalities.Availability(false, Municipalities.ClosedReasons.Stopped, null, Notice) : service;

    /// <summary>Which of <paramref name="offered"/> (certificate type codes) are stopped.</summary>
    public IReadOnlyList<string> StoppedAmong(IEnumerable<string> offered) => offered.Where(StoppedCertificateTypes.Contains).ToList();

    public bool Stops(string? municipality, string? certificateType, string? storeOperator) =>
        (municipality is not null && StoppedMunicipalities.Contains(municipality))
        || (certificateType is not null && StoppedCertificateTypes.Contains(certificateType))
        || (storeOperator is not null && StoppedStoreOperators.Contains(storeOperator));
}
