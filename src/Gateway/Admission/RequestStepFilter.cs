using CertOrleans.Contracts.Configuration;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Admission;

/// <summary>Registration of admission, and the filter in front of every step of a started request.</summary>
public static class RequestStepFilter
{
    public static IServiceCollection AddFlowAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AdmissionOptions, AdmissionOptionsValidator>(configuration, AdmissionOptions.Section);
        services.AddSingleton<FlowAdmission>();
        services.AddSingleton<RequestIds>();
        return services.AddGatewayRateLimits(configuration);
    }

    /// <summary>
    /// In front of everything else on the terminal's request endpoints (even the terminal's status, a grain call):
    /// a new start is shed here when the gateway is saturated, so a refusal costs no cluster work; an id this
    /// gateway did not issue to this terminal is refused, without a grain being activated for it; an admitted
    /// step's latency feeds <see cref="FlowAdmission"/>; a refusal that ended the request frees its place.
    /// </summary>
    public static RouteGroupBuilder AdmitRequests(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var services = context.HttpContext.RequestServices;
        if (context.HttpContext.GetRouteValue("requestId") is not string requestId)
        {
            if (context.Arguments.OfType<Apis.StartRequestBody>().FirstOrDefault() is not { } start || !Contracts.Residents.ResidentKey.IsValidMunicipalityCode(start.MunicipalityCode))
                return await next(context);
            var flows = services.GetRequiredService<FlowAdmission>();
            using var slot = flows.TryAdmit(start.MunicipalityCode);
            if (slot is null)
            {
                context.HttpContext.Response.Headers.RetryAfter = RateLimits.Seconds(flows.RetryAfter);
                return ProblemResults.For(GatewayErrorCodes.Overloaded, "New requests are refused while the service is saturated; requests in progress go on.");
            }
            context.HttpContext.Features.Set(slot);
            return await next(context);
        }
        if (!RequestIds.IsWellFormed(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        if (!services.GetRequiredService<RequestIds>().WasIssuedTo(requestId, context.HttpContext.TerminalId()))
            return ProblemResults.For(GatewayErrorCodes.RequestUnknown);
        var admission = services.GetRequiredService<FlowAdmission>();
        using var step = admission.StepStarted(requestId);
        try
        {
            return await next(context);
        }
        catch (IssuanceException refused) when (refused.RequestEnded)
        {
            admission.Ended(requestId);
            throw;
        }
    });
}
