using CertOrleans.Contracts.Municipalities;

namespace CertOrleans.Contracts.Operations;

/// <summary>The public status of the store service: each municipality served here, open or not, stopped or not, and what is announced.</summary>
[Alias("certorleans.service-status")]
public interface IServiceStatusGrain : IGrainWithIntegerKey
{
    /// <summary>Every municipality in the silos' configuration, by code; nothing about anyone.</summary>
    [Alias("all"), ReadOnly]
    Task<IReadOnlyList<MunicipalityStatus>> GetAll();

    /// <summary>
    /// A municipality's menu as a kiosk may use it now: its service and offers with the stop switches applied (a
    /// stopped type is not available and has no next opening), the service's notice, else the operators' notice
    /// while a type is stopped. Null for a municipality not served here.
    /// </summary>
    [Alias("menu"), ReadOnly]
    Task<Menu?> MenuNow(string municipalityCode);
}

/// <param name="Service">Open now, or why not and when it opens (a maintenance notice with it).</param>
/// <param name="StoppedCertificateTypes">Types the operators have stopped everywhere (codes).</param>
/// <param name="StopNotice">While the municipality is stopped, its own stop's notice; while only a type is, the operators' notice.</param>
/// <param name="Announced">Maintenance announced for the next two weeks.</param>
[GenerateSerializer, Immutable, Alias("certorleans.municipality-status")]
public sealed record MunicipalityStatus(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string Name,
    [property: Id(2)] Availability Service,
    [property: Id(3)] bool Stopped,
    [property: Id(4)] IReadOnlyList<string> StoppedCertificateTypes,
    [property: Id(5)] string? StopNotice,
    [property: Id(6)] IReadOnlyList<MaintenanceWindow> Announced);
