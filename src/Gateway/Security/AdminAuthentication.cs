using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Administrators authenticate with a bearer key. The gateway stores only SHA-256 hashes of the keys
/// (<c>Gateway:Admin:KeyHashes</c>, or one per line in the file <c>Gateway:Admin:KeyHashFile</c>).
/// </summary>
public static class AdminAuthentication
{
    public const string Scheme = "AdminKey";
    public const string Policy = "admin";

    public sealed class Options : AuthenticationSchemeOptions
    {
        public List<byte[]> KeyHashes { get; } = [];
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication().AddScheme<Options, Handler>(Scheme, options =>
        {
            var hashes = configuration.GetSection("Gateway:Admin:KeyHashes").Get<string[]>() ?? [];
            if (configuration["Gateway:Admin:KeyHashFile"] is { Length: > 0 } file && File.Exists(file))
                hashes = [.. hashes, .. File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0)];
            foreach (var hash in hashes) options.KeyHashes.Add(Convert.FromHexString(hash));
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }

    private sealed class Handler(IOptionsMonitor<Options> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<Options>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return Task.FromResult(AuthenticateResult.NoResult());
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
            var known = Options.KeyHashes.FirstOrDefault(h => CryptographicOperations.FixedTimeEquals(h, presented));
            if (known is null) return Task.FromResult(AuthenticateResult.Fail("unknown administrator key"));
            // The key's hash prefix names the administrator in logs without revealing the key.
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin-" + Convert.ToHexStringLower(known)[..8])], AdminAuthentication.Scheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AdminAuthentication.Scheme)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
            ProblemResults.WriteAsync(Context, GatewayErrorCodes.AdminKeyRequired);
    }
}
