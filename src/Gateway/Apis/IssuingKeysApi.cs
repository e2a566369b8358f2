using CertOrleans.Contracts.Signing;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>A municipality's issuing keys, rotated and revoked by its administrators; the public keys are published by <see cref="VerificationApi"/>.</summary>
public static class IssuingKeysApi
{
    public sealed record RotatedKey(int KeyId);

    public static IEndpointRouteBuilder MapIssuingKeysApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/v1/municipalities/{municipalityCode}/keys").RequireAuthorization(ApiKeyAuthentication.AdminPolicy).RequireMunicipalityScope().RequireServedMunicipality().RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Admin");
        admin.MapPost("/rotate", RotateAsync).WithName("RotateIssuingKey")
            .WithSummary("Start signing with a new issuing key; the old one still verifies what it signed.");
        admin.MapPost("/{keyId:int}/revoke", RevokeAsync).WithName("RevokeIssuingKey")
            .WithSummary("Revoke an issuing key: what it signed no longer verifies as genuine.");
        return app;
    }

    public static async Task<Results<Ok<RotatedKey>, ProblemHttpResult>> RotateAsync(string municipalityCode, IGrainFactory grains, HttpContext context)
    {
        var keyId = await grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(municipalityCode)).Rotate(context.User.Identity?.Name ?? "unknown");
        return TypedResults.Ok(new RotatedKey(keyId));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string municipalityCode, int keyId, IGrainFactory grains, HttpContext context)
    {
        await grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(municipalityCode)).Revoke(keyId, context.User.Identity?.Name ?? "unknown");
        return TypedResults.NoContent();
    }
}
