using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CertOrleans.Contracts.Keys;
using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Machine and operator callers authenticate with bearer keys: administrators (<c>Gateway:Admin</c>) and the
/// city's registry systems pushing changes (<c>Gateway:Registry</c>). The gateway stores only each key's SHA-256
/// hash, with the role and the municipalities it is for: <c>KeyHashes</c>, or one per line in the file
/// <c>KeyHashFile</c>, each <c>{sha256 hex} {role} {codes, comma-separated, or *}</c> (the bootstrap keys, read at
/// start), and keys a cluster operator minted while the service runs (<see cref="IScopedKeysGrain"/>, asked on every
/// request). A key works for its own API only, in its own municipalities only. HTTP Basic (the key as the password) is accepted for the dashboard
/// only: a browser sends it by itself, so it must never change anything.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string AdminScheme = "AdminKey";
    public const string AdminPolicy = "admin";
    public const string ClusterOperatorPolicy = "cluster-operator";
    public const string RegistryScheme = "RegistryKey";
    public const string RegistryPolicy = "registry";
    /// <summary>Where the gateway serves the Orleans dashboard (cluster operators only).</summary>
    public const string DashboardPath = "/dashboard";
    /// <summary>A claim per municipality code the key is for, or <c>*</c> for all.</summary>
    public const string MunicipalityClaim = "certorleans:municipality";

    /// <summary>The roles, as the cluster also knows them (<see cref="KeyRoles"/>).</summary>
    public static class Roles
    {
        public const string ClusterOperator = KeyRoles.ClusterOperator;
        public const string MunicipalAdministrator = KeyRoles.MunicipalAdministrator;
        public const string RegistryWriter = KeyRoles.RegistryWriter;
    }

    public sealed record Key(byte[] Hash, string Role, IReadOnlyList<string> Municipalities);

    public sealed class Options : AuthenticationSchemeOptions
    {
        /// <summary>The bootstrap keys, from configuration and the key file.</summary>
        public List<Key> Keys { get; } = [];
        /// <summary>The roles this scheme accepts, for keys minted in the cluster too.</summary>
        public IReadOnlyCollection<string> Roles { get; set; } = [];
        public string FailureCode { get; set; } = GatewayErrorCodes.AdminKeyRequired;
    }

    /// <summary>Minted secrets start with this, so a secret scanner can recognise one, and only such a key is asked of the cluster.</summary>
    public const string MintedPrefix = "cok_";

    /// <summary>A new minted secret: 256 random bits, base64url, after <see cref="MintedPrefix"/>.</summary>
    public static string NewMintedSecret() => MintedPrefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static bool IsMintedForm(string key) => key.Length == MintedPrefix.Length + 43 && key.StartsWith(MintedPrefix, StringComparison.Ordinal);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>One key entry: <c>{hash} {role} {codes|*}</c>; a malformed entry stops the gateway at start.</summary>
    public static Key ParseEntry(string entry, string source, IReadOnlyCollection<string> roles)
    {
        var parts = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0].Length != 64 || !parts[0].All(Uri.IsHexDigit) || !roles.Contains(parts[1]))
            throw new InvalidOperationException($"{source}: a key entry is '<sha256 hex> <{string.Join('|', roles)}> <municipality codes, comma-separated, or *>'.");
        var municipalities = parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (municipalities.Any(c => c != "*" && !Contracts.Residents.ResidentKey.IsValidMunicipalityCode(c)))
            throw new InvalidOperationException($"{source}: '{parts[2]}' must be municipality codes with valid check digits, or *.");
        return new Key(Convert.FromHexString(parts[0]), parts[1], municipalities);
    }

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var authentication = services.AddAuthentication();
        foreach (var (scheme, section, code, roles) in new[]
        {
            (AdminScheme, "Gateway:Admin", GatewayErrorCodes.AdminKeyRequired, new[] { Roles.ClusterOperator, Roles.MunicipalAdministrator }),
            (RegistryScheme, "Gateway:Registry", GatewayErrorCodes.RegistryKeyRequired, new[] { Roles.RegistryWriter }),
        })
        {
            authentication.AddScheme<Options, Handler>(scheme, options =>
            {
                options.FailureCode = code;
                options.Roles = roles;
                var entries = (configuration.GetSection($"{section}:KeyHashes").Get<string[]>() ?? []).Select(e => (e, $"{section}:KeyHashes"));
                if (configuration[$"{section}:KeyHashFile"] is { Length: > 0 } file && File.Exists(file))
                    entries = entries.Concat(File.ReadAllLines(file).Select((l, i) => (l.Trim(), $"{file} line {i + 1}")).Where(l => l.Item1.Length > 0));
                foreach (var (entry, source) in entries) options.Keys.Add(ParseEntry(entry, source, roles));
            });
        }
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(AdminScheme).RequireAuthenticatedUser())
            .AddPolicy(ClusterOperatorPolicy, p => p.AddAuthenticationSchemes(AdminScheme).RequireRole(Roles.ClusterOperator))
            .AddPolicy(RegistryPolicy, p => p.AddAuthenticationSchemes(RegistryScheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Whether the caller's key is for <paramref name="municipalityCode"/>.</summary>
    public static bool MayAct(this ClaimsPrincipal user, string municipalityCode) =>
        user.FindAll(MunicipalityClaim).Any(c => c.Value == "*" || c.Value == municipalityCode);

    /// <summary>Endpoints under <c>{municipalityCode}</c>: the key must be for that municipality.</summary>
    public static TBuilder RequireMunicipalityScope<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("municipalityCode") is string code && !context.HttpContext.User.MayAct(code)
                ? ProblemResults.For(GatewayErrorCodes.OutOfScope, $"This key is not for municipality {code}.")
                : await next(context));

    private sealed class Handler(IOptionsMonitor<Options> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains)
        : AuthenticationHandler<Options>(options, logger, encoder)
    {
        private bool presentedRevokedKey;

        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (PresentedKey(Request.Headers.Authorization.ToString()) is not { } key) return AuthenticateResult.NoResult();
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            var known = Options.Keys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(k.Hash, presented));
            // Not a bootstrap key: asked of the cluster on every request, never cached, so a revocation holds at once on every gateway.
            if (known is null && IsMintedForm(key) && await grains.GetGrain<IScopedKeysGrain>(ScopedKeys.GrainKey).Find(Convert.ToHexStringLower(presented)) is { } minted
                && Options.Roles.Contains(minted.Role))
            {
                if (minted.Revoked)
                {
                    presentedRevokedKey = true;
                    return AuthenticateResult.Fail("revoked key");
                }
                known = new Key(presented, minted.Role, minted.Municipalities);
            }
            if (known is null) return AuthenticateResult.Fail("unknown key");
            // The key's hash prefix names the caller in logs without revealing the key.
            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.Name, $"{known.Role}-{Convert.ToHexStringLower(known.Hash)[..8]}"),
                    new Claim(ClaimTypes.Role, known.Role),
                    .. known.Municipalities.Select(code => new Claim(MunicipalityClaim, code)),
                ], Scheme.Name);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            // Browsers ask for the key only when told they may use Basic: on the dashboard.
            if (Request.Path.StartsWithSegments(DashboardPath)) Response.Headers.WWWAuthenticate = "Basic realm=\"CertOrleans operations\", charset=\"UTF-8\"";
            return ProblemResults.WriteAsync(Context, presentedRevokedKey ? ScopedKeys.RevokedCode : Options.FailureCode);
        }

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            ProblemResults.WriteAsync(Context, GatewayErrorCodes.OutOfScope, "This key's role may not do this.");

        /// <summary>The key from "Bearer key", or on the dashboard from "Basic base64(any-user:key)".</summary>
        private string? PresentedKey(string header)
        {
            if (header.StartsWith("Bearer ", StringComparison.Ordinal)) return header["Bearer ".Length..].Trim();
            if (!header.StartsWith("Basic ", StringComparison.Ordinal) || !Request.Path.StartsWithSegments(DashboardPath)) return null;
            try
            {
                var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = credentials.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : credentials[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
