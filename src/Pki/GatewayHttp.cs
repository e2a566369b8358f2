using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CertOrleans.Pki;

/// <summary>
/// An HTTPS client for the gateway that trusts exactly the gateway CA (not the machine's store), presents a
/// client certificate when given one, and never fetches anything a certificate names. Kiosks and the admin CLI
/// both connect this way.
/// </summary>
public static class GatewayHttp
{
    public static HttpClient Create(Uri gateway, X509Certificate2? clientCertificate, X509Certificate2 gatewayRoot, int maxConnections = 16) =>
        new(Handler(clientCertificate, gatewayRoot, maxConnections)) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The connection itself, for a client that chains handlers of its own in front of it (a generated client's).</summary>
    public static SocketsHttpHandler Handler(X509Certificate2? clientCertificate, X509Certificate2 gatewayRoot, int maxConnections = 16) =>
        new()
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions =
            {
                ClientCertificateContext = clientCertificate is null ? null
                    : SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true),
                CertificateChainPolicy = new X509ChainPolicy { DisableCertificateDownloads = true, RevocationMode = X509RevocationMode.NoCheck },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 server
                    && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0
                    && CertificateChain.ChainsTo(server, gatewayRoot, DateTimeOffset.UtcNow),
            },
        };
}
