using CertOrleans.Contracts.Configuration;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CertOrleans.Gateway.Problems;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Admission;

/// <summary>
/// Every caller has its own allowance, from ASP.NET Core's rate limiter: a token bucket per store terminal
/// (its certificate), per registry or administrator key, and a fixed window per client network on the public
/// checks. The public checks that read an upload also share one allowance, whoever sends them: a few at once and
/// a rate per second for the whole process, so many addresses together cannot take its memory or cores either.
/// Past any of them: <c>429 rate-limited</c> with Retry-After. Authentication has run by then, so a stranger is
/// refused (401) before it can spend anyone's allowance.
/// </summary>
public static class RateLimits
{
    public const string PerTerminal = "per-terminal";
    public const string PerCredential = "per-credential";
    public const string PerAddress = "per-address";

    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(configuration, RateLimitOptions.Section);
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
                ClientNetwork(context.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Options(context).VerifyPermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => !IsUploadCheck(context.Request) ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetConcurrencyLimiter("uploads-at-once", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = Options(context).UploadChecksAtOnce,
                        QueueLimit = Options(context).UploadChecksQueue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })),
                PartitionedRateLimiter.Create<HttpContext, string>(context => !IsUploadCheck(context.Request) ? RateLimitPartition.GetNoLimiter("")
                    : TokenBucket("uploads-per-second", Options(context).UploadChecksPerSecond, Options(context).UploadChecksPerSecond)));
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

    /// <summary>
    /// The partition of a client address: an IPv4 address, or the /64 network of an IPv6 one (a single host is
    /// given a whole /64 and picks any address in it at will).
    /// </summary>
    public static string ClientNetwork(System.Net.IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    /// <summary>A public check that reads an upload (a PDF or a photo): the work that must never crowd out a kiosk step.</summary>
    private static bool IsUploadCheck(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/verify");

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
