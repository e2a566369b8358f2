using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Protection;
using CertOrleans.Gateway.Languages;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>
/// Municipality endpoints: for terminals, whether a municipality's service is open before any card is read;
/// for administrators, reading and changing its configuration (offered types, fees, hours, maintenance).
/// </summary>
public static class MunicipalitiesApi
{
    public static IEndpointRouteBuilder MapMunicipalitiesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/terminal/v1/municipalities")
            .RequireActiveTerminal()
            .RequireRateLimiting(Admission.RateLimits.PerTerminal)
            .WithTags("Terminal")
            .MapGet("/{municipalityCode}/availability", GetAvailabilityAsync).WithName("GetAvailability")
            .WithSummary("Whether the municipality's service is open now, what it offers, and when closed parts open next.");

        var admin = app.MapGroup("/admin/v1/municipalities").RequireAuthorization(ApiKeyAuthentication.AdminPolicy).RequireMunicipalityScope().RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Admin");
        admin.MapGet("/{municipalityCode}", GetConfigurationAsync).WithName("GetMunicipalityConfiguration")
            .WithSummary("The municipality's configuration: its fees (what it offers), hours, maintenance windows and printing policy.");
        admin.MapPut("/{municipalityCode}", PutConfigurationAsync).WithName("PutMunicipalityConfiguration")
            .WithSummary("Replace the configuration; it applies to the next request on every silo.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("/{municipalityCode}/data-keys/rotate", RotateDataKeyAsync).WithName("RotateDataKey")
            .WithSummary("A new data key seals from now on; every stored state is re-sealed with it in the background, then the old keys are deleted.");
        admin.MapGet("/{municipalityCode}/data-keys", GetDataKeyRotationAsync).WithName("GetDataKeyRotation")
            .WithSummary("The state of the municipality's data key rotation.");
        return app;
    }

    /// <summary>
    /// Endpoints under a municipality's keys, journal or reports: a well-formed code this deployment does not serve
    /// is refused before anything is made for it (a key rotated for it would be published).
    /// </summary>
    public static TBuilder RequireServedMunicipality<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.GetRouteValue("municipalityCode") is not string code) return await next(context);
            if (ProblemResults.ForMunicipalityCode(code) is { } invalid) return invalid;
            var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
            return await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).Get() is null
                ? ProblemResults.For(Contracts.Requests.ErrorCodes.MunicipalityNotServed)
                : await next(context);
        });

    public static async Task<Results<Ok<AvailabilityResponse>, ProblemHttpResult>> GetAvailabilityAsync(string municipalityCode, IGrainFactory grains, HttpContext context)
    {
        if (ProblemResults.ForMunicipalityCode(municipalityCode) is { } invalid) return invalid;
        // "Open now?" on the cluster's clock, the one that decides when a request starts; a stop switch closes it too.
        var menu = await grains.GetGrain<Contracts.Operations.IServiceStatusGrain>(0).MenuNow(municipalityCode);
        if (menu is null) return ProblemResults.For(Contracts.Requests.ErrorCodes.MunicipalityNotServed);
        var service = menu.Service;
        var language = context.AnswerLanguage();
        return TypedResults.Ok(new AvailabilityResponse(menu.MunicipalityCode, menu.MunicipalityName, service.Open, service.ClosedReason, service.NextOpening,
            menu.Offers.Select(offer => OfferResponse.From(offer, language)).ToList())
        {
            ClosedReasonText = MenuTexts.ClosedReasonTexts.Text(service.ClosedReason, language),
            Notice = service.Notice,
            Announced = menu.Announced.Select(m => new AnnouncedMaintenance(m.Start, m.End, m.Notice)).ToList(),
        });
    }

    public static async Task<Results<Ok<DataKeyRotation>, ProblemHttpResult>> RotateDataKeyAsync(string municipalityCode, IGrainFactory grains, HttpContext context)
    {
        if (ProblemResults.ForMunicipalityCode(municipalityCode) is { } invalid) return invalid;
        if (await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(municipalityCode)).Get() is null) return ProblemResults.For(Contracts.Requests.ErrorCodes.MunicipalityNotServed);
        var rotation = await grains.GetGrain<IDataKeyRotationGrain>(MunicipalityKeys.For(municipalityCode)).Rotate(context.User.Identity?.Name ?? "unknown");
        return TypedResults.Ok(rotation);
    }

    public static async Task<Results<Ok<DataKeyRotation>, ProblemHttpResult>> GetDataKeyRotationAsync(string municipalityCode, IGrainFactory grains)
    {
        if (ProblemResults.ForMunicipalityCode(municipalityCode) is { } invalid) return invalid;
        return TypedResults.Ok(await grains.GetGrain<IDataKeyRotationGrain>(MunicipalityKeys.For(municipalityCode)).GetStatus());
    }

    public static async Task<Results<Ok<MunicipalityConfiguration>, ProblemHttpResult>> GetConfigurationAsync(string municipalityCode, IGrainFactory grains)
    {
        if (ProblemResults.ForMunicipalityCode(municipalityCode) is { } invalid) return invalid;
        var configuration = await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(municipalityCode)).Get();
        return configuration is null ? ProblemResults.For(Contracts.Requests.ErrorCodes.MunicipalityNotServed) : TypedResults.Ok(configuration);
    }

    public static async Task<Results<Ok<MunicipalityConfiguration>, ProblemHttpResult>> PutConfigurationAsync(
        string municipalityCode, MunicipalityConfiguration configuration, IGrainFactory grains, ILogger<MunicipalityConfiguration> logger, HttpContext context)
    {
        if (ProblemResults.ForMunicipalityCode(municipalityCode) is { } invalid) return invalid;
        var stored = await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(municipalityCode)).Configure(configuration, context.User.Identity?.Name ?? "unknown");
        Telemetry.AdminLog.ConfigurationChanged(logger, municipalityCode, stored.Version, context.User.Identity?.Name);
        return TypedResults.Ok(stored);
    }
}
