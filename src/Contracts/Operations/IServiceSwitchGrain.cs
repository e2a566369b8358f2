namespace CertOrleans.Contracts.Operations;

/// <summary>
/// The stop switches for the day an inspection order comes: stop issuance for a municipality, for a
/// certificate type everywhere, or for every terminal of a store operator. One grain for the cluster,
/// asked on every request start and every order, so a switch takes effect on every silo at once.
/// Every change is a compare-and-set on <see cref="ServiceSwitches.Version"/>: a change made from a stale read is
/// refused with <c>switches-changed</c>, so two people's changes never undo each other.
/// </summary>
[Alias("certorleans.service-switch")]
public interface IServiceSwitchGrain : IGrainWithIntegerKey
{
    [Alias("get"), ReadOnly]
    Task<ServiceSwitches> Get();

    /// <summary>
    /// Replaces the switches (cluster operators), if <paramref name="switches"/> carries the current version; journaled in
    /// the cluster's chain and in each municipality whose stop or notice changed, with the reason given.
    /// </summary>
    [Alias("set")]
    Task<ServiceSwitches> Set(ServiceSwitches switches, string actor, string? reason = null);

    /// <summary>
    /// Stops (with <paramref name="notice"/>, shown for this municipality only) or resumes one municipality, if the
    /// switches are still at <paramref name="expectedVersion"/>; nothing else changes. Journaled in the cluster's chain
    /// and the municipality's.
    /// </summary>
    [Alias("set-municipality")]
    Task<ServiceSwitches> SetMunicipality(string municipalityCode, bool stopped, string notice, long expectedVersion, string actor);
}

/// <param name="StoppedMunicipalities">Municipalities stopped (codes).</param>
/// <param name="StoppedCertificateTypes">Types stopped everywhere (codes).</param>
/// <param name="StoppedStoreOperators">Store operators whose terminals are stopped.</param>
/// <param name="Notice">The operators' notice for the type and store-operator stops, and for a stopped municipality with no notice of its own.</param>
/// <param name="MunicipalityNotices">Each stopped municipality's own notice, by code: shown for that municipality only.</param>
/// <param name="Version">Raised by every change; a change must carry the version it was made from.</param>
[GenerateSerializer, Immutable, Alias("certorleans.service-switches")]
public sealed record ServiceSwitches(
    [property: Id(0)] IReadOnlyList<string> StoppedMunicipalities,
    [property: Id(1)] IReadOnlyList<string> StoppedCertificateTypes,
    [property: Id(2)] IReadOnlyList<string> StoppedStoreOperators,
    [property: Id(3)] string? Notice = null,
    [property: Id(4)] IReadOnlyDictionary<string, string>? MunicipalityNotices = null,
    [property: Id(5)] long Version = 0)
{
    public static readonly ServiceSwitches AllRunning = new([], [], []);

    /// <summary>The longest notice a kiosk shows.</summary>
    public const int MaxNoticeLength = 200;

    /// <summary>What is shown while <paramref name="municipalityCode"/> is stopped: its own notice, else the operators'.</summary>
    public string? NoticeFor(string municipalityCode) =>
        MunicipalityNotices is not null && MunicipalityNotices.TryGetValue(municipalityCode, out var own) ? own : Notice;

    /// <summary>The service as kiosks and residents should see it: closed, with the notice, while the municipality is stopped.</summary>
    public Municipalities.Availability Over(string municipalityCode, Municipalities.Availability service) =>
        StoppedMunicipalities.Contains(municipalityCode) ? new Municipalities.Availability(false, Municipalities.ClosedReasons.Stopped, null, NoticeFor(municipalityCode)) : service;

    /// <summary>Which of <paramref name="offered"/> (certificate type codes) are stopped.</summary>
    public IReadOnlyList<string> StoppedAmong(IEnumerable<string> offered) => offered.Where(StoppedCertificateTypes.Contains).ToList();

    public bool Stops(string? municipality, string? certificateType, string? storeOperator) =>
        (municipality is not null && StoppedMunicipalities.Contains(municipality))
        || (certificateType is not null && StoppedCertificateTypes.Contains(certificateType))
        || (storeOperator is not null && StoppedStoreOperators.Contains(storeOperator));

    /// <summary>The notice for a refusal under <see cref="Stops"/>: the municipality's own when it is the one stopped.</summary>
    public string? NoticeForStop(string municipality) => StoppedMunicipalities.Contains(municipality) ? NoticeFor(municipality) : Notice;
}
