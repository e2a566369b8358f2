using CertOrleans.Contracts.Keys;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using CertOrleans.Gateway.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>A key to mint: its role, the municipalities it is for, and a label naming the system that will hold it.</summary>
public sealed record KeyMintBody(string? Role, IReadOnlyList<string>? Municipalities, string? Label);

/// <summary>A minted key as listed: never its secret or its hash.</summary>
public sealed record KeyResource(string Id, string Role, IReadOnlyList<string> Municipalities, string Label, DateTimeOffset CreatedAt, string MintedBy,
    DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static KeyResource From(ScopedKey key) => new(key.Id, key.Role, key.Municipalities, key.Label, key.CreatedAt, key.MintedBy, key.RevokedAt, key.RevokedBy);
}

/// <summary>The answer to a mint: the secret, this once (the service keeps only its hash).</summary>
public sealed record MintedKeyResponse(string Secret, KeyResource Key);

/// <summary>
/// Keys scoped to cities, minted, listed and revoked by cluster operators while the service runs (the admin CLI's
/// <c>keys</c> commands call these). The gateway makes the secret and hands it out once; the cluster keeps its hash
/// and journals each act. The bootstrap keys of the gateway's key file are not listed here.
/// </summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/admin/v1/keys").RequireAuthorization(ApiKeyAuthentication.ClusterOperatorPolicy)
            .RequireRateLimiting(Admission.RateLimits.PerCredential).WithTags("Admin");
        keys.MapPost("/", MintAsync).WithName("MintKey").WithSummary("Mint a key for one role in named municipalities; the secret is in this answer only.");
        keys.MapGet("/", ListAsync).WithName("ListKeys").WithSummary("The minted keys, revoked ones too, without secrets.");
        keys.MapPost("/{id}/revoke", RevokeAsync).WithName("RevokeKey").WithSummary("Revoke a minted key: refused at once on every gateway.");
        return app;
    }

    public static async Task<Results<Created<MintedKeyResponse>, ProblemHttpResult>> MintAsync(KeyMintBody body, IGrainFactory grains, HttpContext context, ILogger<KeyResource> logger)
    {
        var secret = ApiKeyAuthentication.NewMintedSecret();
        var request = new ScopedKeyRequest(ApiKeyAuthentication.Hash(secret), body.Role ?? "", body.Municipalities ?? [], body.Label ?? "");
        if (ScopedKeys.Problem(request) is { } problem) return ProblemResults.For(GatewayErrorCodes.InvalidField, problem);
        foreach (var code in request.Municipalities)
        {
            if (await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).Get() is null)
                return ProblemResults.For(Contracts.Requests.ErrorCodes.MunicipalityNotServed, $"Municipality {code} is not served here.");
        }
        var key = await Keys(grains).Mint(request, OperatorsApi.Actor(context));
        AdminLog.KeyMinted(logger, key.Id, key.Role, string.Join(',', key.Municipalities), key.MintedBy);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/admin/v1/keys/{key.Id}", new MintedKeyResponse(secret, KeyResource.From(key)));
    }

    public static async Task<Ok<IReadOnlyList<KeyResource>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok<IReadOnlyList<KeyResource>>([.. (await Keys(grains).List()).Select(KeyResource.From)]);

    public static async Task<Results<Ok<KeyResource>, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains, HttpContext context, ILogger<KeyResource> logger)
    {
        if (!ScopedKeys.IsValidId(id)) return ProblemResults.For(GatewayErrorCodes.InvalidField, "A key id is 16 lowercase hex digits, as the key list shows it.");
        var key = await Keys(grains).Revoke(id, OperatorsApi.Actor(context));
        AdminLog.KeyRevoked(logger, key.Id, key.RevokedBy);
        return TypedResults.Ok(KeyResource.From(key));
    }

    private static IScopedKeysGrain Keys(IGrainFactory grains) => grains.GetGrain<IScopedKeysGrain>(ScopedKeys.GrainKey);
}
