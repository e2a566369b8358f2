using CertOrleans.Contracts.Operations;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>The stop switches (cluster operators only): stop or resume issuance per municipality, certificate type or store operator.</summary>
public static class SwitchesApi
{
    public static IEndpointRouteBuilder MapSwitchesApi(this IEndpointRouteBuilder app)
    {
        var switches = app.MapGroup("/admin/v1/switches").RequireAuthorization(ApiKeyAuthentication.ClusterOperatorPolicy).RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Admin");
        switches.MapGet("/", async (IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<IServiceSwitchGrain>(0).Get())).WithName("GetSwitches")
            .WithSummary("The stop switches (the municipalities, certificate types and store operators stopped), with their version.");
        switches.MapPut("/", SetAsync).WithName("SetSwitches")
            .WithSummary("Replace the set of stopped municipalities, certificate types and store operators, if its version is the one read (else 409 switches-changed); effective for the next request on every silo.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<ServiceSwitches>> SetAsync(ServiceSwitches body, IGrainFactory grains, ILogger<ServiceSwitches> logger, HttpContext context)
    {
        // The grain journals the change with it: in the cluster's chain, and in each municipality stopped or resumed.
        var stored = await grains.GetGrain<IServiceSwitchGrain>(0).Set(body, context.User.Identity?.Name ?? "unknown");
        Telemetry.AdminLog.SwitchesSet(logger, context.User.Identity?.Name, string.Join(',', stored.StoppedMunicipalities), string.Join(',', stored.StoppedCertificateTypes), string.Join(',', stored.StoppedStoreOperators));
        return TypedResults.Ok(stored);
    }
}
