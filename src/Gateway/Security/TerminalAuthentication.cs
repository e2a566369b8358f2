using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.Authentication.Certificate;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Store terminals authenticate with TLS client certificates issued by the terminal CA. The certificate's
/// common name is the terminal id; the terminal must be registered and not suspended (<see cref="RequireActiveTerminal"/>).
/// </summary>
public static class TerminalAuthentication
{
    public const string Policy = "terminal";
    private const string FailureKey = "certorleans.terminal-failure";

    public static IServiceCollection AddTerminalAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CertificateAuthenticationDefaults.AuthenticationScheme)
            .AddCertificate(options =>
            {
                options.AllowedCertificateTypes = CertificateTypes.Chained;
                options.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                options.RevocationMode = X509RevocationMode.NoCheck;
                options.ValidateCertificateUse = true;
                options.ValidateValidityPeriod = true;
                options.Events = new CertificateAuthenticationEvents
                {
                    OnCertificateValidated = ValidateTerminalAsync,
                    OnAuthenticationFailed = context =>
                    {
                        // Keep the more precise reason when validation already gave one.
                        context.HttpContext.Items.TryAdd(FailureKey, GatewayErrorCodes.TerminalCertificateInvalid);
                        context.Fail("The terminal certificate is not valid.");
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var code = context.HttpContext.Items[FailureKey] as string ?? GatewayErrorCodes.TerminalCertificateRequired;
                        await ProblemResults.WriteAsync(context.HttpContext, code);
                    },
                };
            })
            // Building the chain was a tenth of the gateway's CPU under load: each terminal certificate is validated once,
            // then remembered for a few minutes (registration and suspension are still checked on every request).
            .AddCertificateCache(options =>
            {
                options.CacheSize = 4096;
                options.CacheEntryExpiration = TimeSpan.FromMinutes(5);
            });
        // The trust store is filled from the configured terminal CA once the container is built.
        services.AddOptions<CertificateAuthenticationOptions>(CertificateAuthenticationDefaults.AuthenticationScheme)
            .Configure<GatewayCertificates>((options, certificates) => options.CustomTrustStore.Add(certificates.TerminalRoot));
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CertificateAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ClaimTypes.NameIdentifier));
        return services;
    }

    public static string TerminalId(this HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No authenticated terminal.");

    /// <summary>The certificate chains to the terminal CA (checked by the handler, cached); its common name is the terminal id.</summary>
    private static Task ValidateTerminalAsync(CertificateValidatedContext context)
    {
        var terminalId = context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrWhiteSpace(terminalId))
        {
            Reject(context, GatewayErrorCodes.TerminalCertificateInvalid);
            return Task.CompletedTask;
        }
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, terminalId, ClaimValueTypes.String, context.Options.ClaimsIssuer)],
            context.Scheme.Name));
        context.Success();
        return Task.CompletedTask;
    }

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
            if (!status.Known) return ProblemResults.For(GatewayErrorCodes.TerminalUnknown);
            if (status.Suspended) return ProblemResults.For(GatewayErrorCodes.TerminalSuspended);
            return await next(context);
        });

    private static void Reject(CertificateValidatedContext context, string code)
    {
        context.HttpContext.Items[FailureKey] = code;
        context.Fail(code);
    }
}
