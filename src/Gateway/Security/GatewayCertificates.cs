using System.Security.Cryptography.X509Certificates;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// The gateway's trust anchor and its own TLS identity: the terminal CA that signs store terminals' client
/// certificates, and the server certificate. (Cards are the cluster's to authenticate: the silos trust the card CA.)
/// </summary>
public sealed class GatewayCertificates(X509Certificate2 server, X509Certificate2 terminalRoot)
{
    public X509Certificate2 Server { get; } = server;
    public X509Certificate2 TerminalRoot { get; } = terminalRoot;

    /// <summary>Loads PEM files named in configuration section <c>Gateway:Certificates</c>.</summary>
    public static GatewayCertificates FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Gateway:Certificates");
        string Path(string key) => section[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Configuration 'Gateway:Certificates:{key}' is required (run ./run.sh once to create the demo PKI).");
        try
        {
            // Kestrel needs an exportable key on Linux; PEM-loaded keys are ephemeral, so round-trip through PKCS#12.
            using var pem = X509Certificate2.CreateFromPemFile(Path("Server"), Path("ServerKey"));
            var server = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            return new GatewayCertificates(
                server,
                X509CertificateLoader.LoadCertificateFromFile(Path("TerminalCa")));
        }
        catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"The gateway certificates could not be loaded: {ex.Message}", ex);
        }
    }
}
