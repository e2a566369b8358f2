using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Configuration;
using CertOrleans.Pki;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace CertOrleans.ServiceDefaults.Security;

/// <summary>
/// Where a cluster member's certificate and the cluster CA are (section <c>Cluster:Tls</c>). Every silo and every
/// client of the cluster needs both: connections are mutual TLS, and a peer without a certificate from the
/// cluster CA is refused, so nothing reaches a grain that the cluster has not authenticated.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "Cluster:Tls";

    /// <summary>This member's certificate with its private key (PKCS#12).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The cluster CA's certificate (PEM or DER).</summary>
    public string? CaFile { get; set; }
}

public sealed class ClusterTlsOptionsValidator : OptionsValidator<ClusterTlsOptions>
{
    protected override IEnumerable<string> Problems(ClusterTlsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CertificateFile) || string.IsNullOrWhiteSpace(options.CaFile))
            yield return "Cluster:Tls:CertificateFile and Cluster:Tls:CaFile must be set: every cluster connection is mutual TLS (run ./run.sh once to create the demo PKI).";
    }
}

/// <summary>A member's certificate and the cluster CA, loaded; a missing or unreadable file is a clear start-up error.</summary>
public sealed class ClusterTls(X509Certificate2 certificate, X509Certificate2 authority)
{
    public X509Certificate2 Certificate { get; } = certificate;
    public X509Certificate2 Authority { get; } = authority;

    public static ClusterTls Load(IConfiguration configuration)
    {
        var options = configuration.GetValidated<ClusterTlsOptions, ClusterTlsOptionsValidator>(ClusterTlsOptions.Section);
        try
        {
            return new ClusterTls(X509CertificateLoader.LoadPkcs12FromFile(options.CertificateFile!, null), X509CertificateLoader.LoadCertificateFromFile(options.CaFile!));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"The cluster TLS certificate or CA cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Both sides present a certificate, and accept only one the cluster CA issued (nothing downloaded).</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) => CertificateChain.ChainsTo(remote, Authority, DateTimeOffset.UtcNow);
        // Members are recognised by their CA, not by a host name: the name in the handshake is the cluster's.
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = "certorleans-cluster";
    }
}

public static class ClusterTlsExtensions
{
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTls tls) => client.UseTls(tls.Certificate, tls.Configure);
}
