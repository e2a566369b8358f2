using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Terminals;
using Orleans.Runtime;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// Whether the service takes a request or an order now: the municipality is served, open (hours, year-end,
/// maintenance) and not stopped by a switch. Asked of the municipality and switch grains at each step, so a
/// change made a moment ago applies to the next request and the next order. The terminal is asked once, at the start:
/// its grain tells the request of any change after that.
/// </summary>
public sealed class RequestAdmission(IGrainFactory grains, IClusterMembershipService membership)
{
    /// <summary>
    /// The menu of <paramref name="municipalityCode"/> at <paramref name="at"/>, for the holder once authenticated; throws
    /// unless a request may start there then.
    /// </summary>
    public async Task<Menu> EnsureOpenAsync(string municipalityCode, DateTimeOffset at)
    {
        var menu = await Municipality(municipalityCode).GetMenu(at);
        var availability = menu?.Service ?? new Availability(false, ClosedReasons.NotOffered, null);
        if (menu is not null && availability.Open) return menu;
        throw availability.ClosedReason == ClosedReasons.NotOffered
            ? new IssuanceException(ErrorCodes.MunicipalityNotServed, "The municipality is not served by this issuance server.")
            : new IssuanceException(ErrorCodes.ServiceClosed, $"The service is closed ({availability.ClosedReason}).") { NextOpening = availability.NextOpening, Notice = availability.Notice };
    }

    /// <summary>
    /// The terminal's status for <paramref name="requestId"/>, from its grain, which from then on tells the request of
    /// every change for <paramref name="watchFor"/> (<see cref="IIssuanceRequestGrain.TerminalChanged"/>): a suspension
    /// applies to the next step of a request in progress without each step asking. Also the membership version it was
    /// heard at (see <see cref="MembershipChangedSince"/>).
    /// </summary>
    public async Task<(TerminalStatus Status, MembershipVersion HeardAt)> AdmitOnTerminalAsync(string terminalId, string requestId, TimeSpan watchFor)
    {
        var heardAt = membership.CurrentSnapshot.Version;
        return (await grains.GetGrain<ITerminalGrain>(terminalId).Admit(requestId, watchFor), heardAt);
    }

    /// <summary>
    /// Whether a silo has joined or left since <paramref name="heardAt"/>: a terminal's grain lost with a silo that failed
    /// took its list of requests to tell with it, so a request asks its terminal again.
    /// </summary>
    public bool MembershipChangedSince(MembershipVersion heardAt) => membership.CurrentSnapshot.Version != heardAt;

    /// <summary>Throws service-stopped, with the stop's notice, when a switch covers the municipality, the type (when given) or the store operator (when given).</summary>
    public async Task EnsureNotStoppedAsync(string municipalityCode, CertificateType? type, string? storeOperator)
    {
        var switches = await grains.GetGrain<IServiceSwitchGrain>(0).Get();
        if (switches.Stops(municipalityCode, type?.Code(), storeOperator))
            throw new IssuanceException(ErrorCodes.ServiceStopped, type is null
                ? "Issuance has been stopped for this municipality or store operator."
                : "Issuance of this certificate has been stopped.")
            { Notice = switches.NoticeForStop(municipalityCode) };
    }

    /// <summary>
    /// The configuration and unit fee an order of <paramref name="type"/> is made under, or null when the
    /// municipality does not offer it; throws when it is stopped or closed now.
    /// </summary>
    public async Task<(MunicipalityConfiguration Configuration, int Fee)?> OrderableAsync(string municipalityCode, CertificateType type, DateTimeOffset at)
    {
        if (await Municipality(municipalityCode).GetOrderTerms(type.Code(), at) is not ({ } municipality, var availability)
            || municipality.FeeOn(type.Code(), Municipalities.ServiceCalendar.DateOf(at)) is not { } fee) return null;
        await EnsureNotStoppedAsync(municipalityCode, type, null);
        if (!availability.Open)
            throw new IssuanceException(ErrorCodes.ServiceClosed, $"This certificate is not available now ({availability.ClosedReason}).") { NextOpening = availability.NextOpening, Notice = availability.Notice };
        return (municipality, fee);
    }

    public Task<Menu?> MenuAsync(string municipalityCode, DateTimeOffset at) => Municipality(municipalityCode).GetMenu(at);

    private IMunicipalityGrain Municipality(string code) => grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code));
}
