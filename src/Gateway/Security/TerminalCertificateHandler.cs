using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text.Encodings.Web;
using CertOrleans.Gateway.Problems;
using CertOrleans.Pki;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Authenticates a store terminal by its TLS client certificate: issued by the terminal CA (checked with
/// <see cref="CertificateChain"/>, which never downloads anything a certificate points at), within its validity,
/// meant for client authentication, with the terminal id as its common name. A certificate that passed is
/// remembered for a few minutes: building the chain was a tenth of the gateway's CPU under load.
/// </summary>
public sealed class TerminalCertificateHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    GatewayCertificates certificates, IMemoryCache cache, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TerminalCertificate";
    public const string FailureKey = "certorleans.terminal-failure";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = await Context.Connection.GetClientCertificateAsync(Context.RequestAborted);
        if (certificate is null) return AuthenticateResult.NoResult();
        var terminalId = cache.GetOrCreate(("terminal-certificate", certificate.Thumbprint), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            entry.Size = 1;
            return Validate(certificate);
        });
        if (terminalId is null)
        {
            Context.Items[FailureKey] = GatewayErrorCodes.TerminalCertificateInvalid;
            return AuthenticateResult.Fail("The terminal certificate is not valid.");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, terminalId)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>The terminal id, or null when the certificate is not a valid terminal certificate.</summary>
    private string? Validate(X509Certificate2 certificate)
    {
        var now = time.GetUtcNow();
        if (!CertificateChain.IsWithinValidity(certificate, now) || !IsForClientAuthentication(certificate)) return null;
        if (!CertificateChain.ChainsTo(certificate, certificates.TerminalRoot, now)) return null;
        var terminalId = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrWhiteSpace(terminalId) ? null : terminalId;
    }

    private static bool IsForClientAuthentication(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } usage
        || usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(oid => oid.Value == ClientAuthentication);

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        await ProblemResults.WriteAsync(Context, Context.Items[FailureKey] as string ?? GatewayErrorCodes.TerminalCertificateRequired);
}
