using System.Diagnostics;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Admission;

/// <summary>Registration of admission, and the filter in front of every step of a started request.</summary>
public static class RequestStepFilter
{
    public static IServiceCollection AddFlowAdmission(this IServiceCollection services)
    {
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdmissionOptions>, AdmissionOptionsValidator>();
        services.AddSingleton<FlowAdmission>();
        services.AddSingleton<RequestIds>();
        return services.AddGatewayRateLimits();
    }

    /// <summary>
    /// Steps of a started request: an id this gateway did not issue to this terminal is refused here, without a
    /// grain being activated for it; an admitted step's latency feeds <see cref="FlowAdmission"/>; a refusal that
    /// ended the request frees its place.
    /// </summary>
    public static RouteGroupBuilder RequireIssuedRequestId(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        if (context.HttpContext.GetRouteValue("requestId") is not string requestId) return await next(context);
        var services = context.HttpContext.RequestServices;
        if (!RequestIds.IsWellFormed(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        if (!services.GetRequiredService<RequestIds>().WasIssuedTo(requestId, context.HttpContext.TerminalId()))
            return ProblemResults.For(GatewayErrorCodes.RequestUnknown);
        var admission = services.GetRequiredService<FlowAdmission>();
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(context);
        }
        catch (IssuanceException refused) when (refused.RequestEnded)
        {
            admission.Ended(requestId);
            throw;
        }
        finally
        {
            admission.StepTook(Stopwatch.GetElapsedTime(started));
        }
    });
}
