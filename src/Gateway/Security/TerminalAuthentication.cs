using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Gateway.Problems;
using Microsoft.AspNetCore.Authentication.Certificate;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Store terminals authenticate with TLS client certificates issued by the terminal CA. The certificate's
/// common name is the terminal id; the terminal must be registered and not suspended.
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
                        // Keep the more precise reason (unknown, suspended, unavailable) when validation already gave one.
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

    private static async Task ValidateTerminalAsync(CertificateValidatedContext context)
    {
        var terminalId = context.ClientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrWhiteSpace(terminalId))
        {
            Reject(context, GatewayErrorCodes.TerminalCertificateInvalid);
            return;
        }
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        TerminalStatus status;
        try
        {
            status = await grains.GetGrain<ITerminalGrain>(terminalId).GetStatus();
        }
        catch (Exception)
        {
            // The cluster cannot say who this terminal is right now: the service is unavailable, the certificate is not invalid.
            Reject(context, GatewayErrorCodes.ServiceUnavailable);
            return;
        }
        if (!status.Known)
        {
            Reject(context, GatewayErrorCodes.TerminalUnknown);
            return;
        }
        if (status.Suspended)
        {
            Reject(context, GatewayErrorCodes.TerminalSuspended);
            return;
        }
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, terminalId, ClaimValueTypes.String, context.Options.ClaimsIssuer)],
            context.Scheme.Name));
        context.Success();
    }

    private static void Reject(CertificateValidatedContext context, string code)
    {
        context.HttpContext.Items[FailureKey] = code;
        context.Fail(code);
    }
}
