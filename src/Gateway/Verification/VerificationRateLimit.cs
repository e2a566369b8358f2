using System.Threading.RateLimiting;
using CertOrleans.Gateway.Problems;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Verification;

/// <summary>Settings of the public checks (section <c>Gateway:Verify</c>).</summary>
public sealed class VerifyOptions
{
    public const string Section = "Gateway:Verify";

    /// <summary>Checks (page or API) one client address may make per minute.</summary>
    public int PermitsPerMinute { get; set; } = 30;
}

/// <summary>
/// The public verification endpoints and page are open to anyone: each client address gets
/// <see cref="VerifyOptions.PermitsPerMinute"/> a minute, then <c>429 rate-limited</c> with Retry-After.
/// </summary>
public static class VerificationRateLimit
{
    public const string Policy = "verify-per-address";

    public static IServiceCollection AddVerificationRateLimit(this IServiceCollection services)
    {
        services.AddOptions<VerifyOptions>().BindConfiguration(VerifyOptions.Section)
            .Validate(o => o.PermitsPerMinute >= 1, "Gateway:Verify:PermitsPerMinute must be at least 1.").ValidateOnStart();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<VerifyOptions>>().Value.PermitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ProblemResults.WriteAsync(rejected.HttpContext, GatewayErrorCodes.RateLimited, "This address has made too many checks in the last minute.");
            };
        });
    }
}
