using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.Authentication;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Store terminals authenticate with TLS client certificates issued by the terminal CA. The certificate's
/// common name is the terminal id; the terminal must be registered and not suspended (<see cref="RequireActiveTerminal"/>;
/// on a request's steps the request grain asks it, in the same call).
/// </summary>
public static class TerminalAuthentication
{
    public const string Policy = "terminal";

    public static IServiceCollection AddTerminalAuthentication(this IServiceCollection services)
    {
        services.AddMemoryCache(options => options.SizeLimit = 8192);
        services.AddAuthentication(TerminalCertificateHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TerminalCertificateHandler>(TerminalCertificateHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(TerminalCertificateHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimTypes.NameIdentifier));
        return services;
    }

    public static string TerminalId(this HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No authenticated terminal.");

    /// <summary>
    /// Terminal endpoints: an authenticated terminal certificate, and on every request a registered terminal that
    /// is not suspended (asked of its grain each time, so a suspension takes effect on the next request).
    /// </summary>
    public static TBuilder RequireActiveTerminal<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(Policy).AddEndpointFilter(async (context, next) =>
        {
            var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
            TerminalStatus status;
            try
            {
                status = await grains.GetGrain<ITerminalGrain>(context.HttpContext.TerminalId()).GetStatus();
            }
            catch (Exception)
            {
                // The cluster cannot say who this terminal is right now: the service is unavailable, the terminal is not refused.
                return ProblemResults.For(GatewayErrorCodes.ServiceUnavailable);
            }
            return status.Refusal() is { } refusal ? ProblemResults.For(refusal.Code) : await next(context);
        });
}
