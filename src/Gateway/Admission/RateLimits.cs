using System.Security.Claims;
using System.Threading.RateLimiting;
using CertOrleans.Gateway.Problems;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Admission;

/// <summary>
/// Every caller has its own allowance, from ASP.NET Core's rate limiter: a token bucket per store terminal
/// (its certificate), per registry or administrator key, and a fixed window per client address on the public
/// checks. Past it: <c>429 rate-limited</c> with Retry-After. Authentication has run by then, so a stranger is
/// refused (401) before it can spend anyone's allowance.
/// </summary>
public static class RateLimits
{
    public const string PerTerminal = "per-terminal";
    public const string PerCredential = "per-credential";
    public const string PerAddress = "per-address";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, AdmissionOptionsValidator>();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerTerminal, context =>
            {
                var o = Options(context);
                return TokenBucket(context.User.FindFirstValue(ClaimTypes.NameIdentifier), o.TerminalPermitsPerSecond, o.TerminalBurst);
            });
            limiter.AddPolicy(PerCredential, context =>
            {
                var o = Options(context);
                return TokenBucket(context.User.Identity?.Name, o.CredentialPermitsPerSecond, o.CredentialBurst);
            });
            limiter.AddPolicy(PerAddress, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Options(context).VerifyPermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Seconds(retryAfter);
                await ProblemResults.WriteAsync(rejected.HttpContext, GatewayErrorCodes.RateLimited, Caller(rejected.HttpContext) + " has made too many requests; try again after Retry-After seconds.");
            };
        });
    }

    /// <summary>A Retry-After value: whole seconds, at least one.</summary>
    public static string Seconds(TimeSpan after) => Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static RateLimitOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static RateLimitPartition<string> TokenBucket(string? caller, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(caller ?? "unauthenticated", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static string Caller(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/terminal") ? "This terminal"
        : context.Request.Path.StartsWithSegments("/registry") || context.Request.Path.StartsWithSegments("/admin") ? "This key"
        : "This address";
}
