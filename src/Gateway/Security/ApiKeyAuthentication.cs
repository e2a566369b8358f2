using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Machine and operator callers authenticate with bearer keys: administrators (<c>Gateway:Admin</c>) and the
/// city's registry systems pushing changes (<c>Gateway:Registry</c>). The gateway stores only SHA-256 hashes
/// of the keys (<c>KeyHashes</c>, or one per line in the file <c>KeyHashFile</c>); each key works for its own API only.
/// A browser (the Orleans dashboard) may present the same key as the password of HTTP Basic authentication.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string AdminScheme = "AdminKey";
    public const string AdminPolicy = "admin";
    public const string RegistryScheme = "RegistryKey";
    public const string RegistryPolicy = "registry";
    /// <summary>Where the gateway serves the Orleans dashboard (administrators only).</summary>
    public const string DashboardPath = "/dashboard";

    public sealed class Options : AuthenticationSchemeOptions
    {
        public List<byte[]> KeyHashes { get; } = [];
        public string FailureCode { get; set; } = GatewayErrorCodes.AdminKeyRequired;
        public string Role { get; set; } = "admin";
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var authentication = services.AddAuthentication();
        var authorization = services.AddAuthorizationBuilder();
        foreach (var (scheme, policy, section, code) in new[]
        {
            (AdminScheme, AdminPolicy, "Gateway:Admin", GatewayErrorCodes.AdminKeyRequired),
            (RegistryScheme, RegistryPolicy, "Gateway:Registry", GatewayErrorCodes.RegistryKeyRequired),
        })
        {
            authentication.AddScheme<Options, Handler>(scheme, options =>
            {
                options.FailureCode = code;
                options.Role = policy;
                var hashes = configuration.GetSection($"{section}:KeyHashes").Get<string[]>() ?? [];
                if (configuration[$"{section}:KeyHashFile"] is { Length: > 0 } file && File.Exists(file))
                    hashes = [.. hashes, .. File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0)];
                foreach (var hash in hashes) options.KeyHashes.Add(Convert.FromHexString(hash));
            });
            authorization.AddPolicy(policy, p => p.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser());
        }
        return services;
    }

    private sealed class Handler(IOptionsMonitor<Options> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<Options>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (PresentedKey(Request.Headers.Authorization.ToString()) is not { } key) return Task.FromResult(AuthenticateResult.NoResult());
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            var known = Options.KeyHashes.FirstOrDefault(h => CryptographicOperations.FixedTimeEquals(h, presented));
            if (known is null) return Task.FromResult(AuthenticateResult.Fail("unknown key"));
            // The key's hash prefix names the caller in logs without revealing the key.
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"{Options.Role}-{Convert.ToHexStringLower(known)[..8]}")], Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            // Browsers ask for the key only when told they may use Basic.
            if (Request.Path.StartsWithSegments(DashboardPath)) Response.Headers.WWWAuthenticate = "Basic realm=\"CertOrleans operations\", charset=\"UTF-8\"";
            return ProblemResults.WriteAsync(Context, Options.FailureCode);
        }

        /// <summary>The key from "Bearer key" or from "Basic base64(any-user:key)".</summary>
        private static string? PresentedKey(string header)
        {
            if (header.StartsWith("Bearer ", StringComparison.Ordinal)) return header["Bearer ".Length..].Trim();
            if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return null;
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
