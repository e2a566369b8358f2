using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Gateway.Security;
using CertOrleans.Pki;

namespace CertOrleans.Tests.Support;

/// <summary>The three development CAs, created in memory for one test run.</summary>
public sealed class TestPki : IDisposable
{
    public const string CardPin = "4821";

    /// <summary>The card CA of the whole test run: the test clusters trust it, as the silos trust J-LIS.</summary>
    public static CertificateAuthority SharedCardCa { get; } = CertificateAuthority.Create("Test Card CA");

    public CertificateAuthority CardCa => SharedCardCa;

    /// <summary>The cluster CA of the whole test run: silo hosts and clients in the tests present its certificates.</summary>
    public static CertificateAuthority SharedClusterCa { get; } = CertificateAuthority.Create("Test Cluster CA");

    /// <summary>Cluster TLS settings for a member certificate from <paramref name="ca"/> (the test run's cluster CA by default), as files.</summary>
    public static Dictionary<string, string?> ClusterTlsSettings(CertificateAuthority? ca = null)
    {
        var folder = Directory.CreateTempSubdirectory("certorleans-cluster-tls-").FullName;
        using var member = (ca ?? SharedClusterCa).IssueClusterMemberCertificate("test-member");
        File.WriteAllBytes(Path.Combine(folder, "member.pfx"), member.Export(X509ContentType.Pkcs12));
        File.WriteAllText(Path.Combine(folder, "cluster-ca.pem"), SharedClusterCa.Certificate.ExportCertificatePem());
        return new()
        {
            ["Cluster:Tls:CertificateFile"] = Path.Combine(folder, "member.pfx"),
            ["Cluster:Tls:CaFile"] = Path.Combine(folder, "cluster-ca.pem"),
        };
    }
    public CertificateAuthority TerminalCa { get; } = CertificateAuthority.Create("Test Terminal CA");
    public CertificateAuthority GatewayCa { get; } = CertificateAuthority.Create("Test Gateway CA");
    public X509Certificate2 Server { get; }

    public TestPki()
    {
        using var server = GatewayCa.IssueServerCertificate(["localhost"], [IPAddress.Loopback]);
        // Re-import so the key is usable by SslStream on Linux.
        Server = X509CertificateLoader.LoadPkcs12(server.Export(X509ContentType.Pkcs12), null);
    }

    public GatewayCertificates GatewayCertificates() =>
        new(Server, X509CertificateLoader.LoadCertificate(TerminalCa.Certificate.RawData));

    public SoftwareCard IssueCard(string pin = CardPin, CertificateAuthority? ca = null, DateTimeOffset? notAfter = null)
    {
        var now = DateTimeOffset.UtcNow;
        return SoftwareCard.Issue(ca ?? CardCa, pin, now.AddDays(-1), notAfter ?? now.AddYears(5));
    }

    public X509Certificate2 IssueTerminal(string terminalId, CertificateAuthority? ca = null)
    {
        using var certificate = (ca ?? TerminalCa).IssueTerminalCertificate(terminalId);
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        TerminalCa.Dispose();
        GatewayCa.Dispose();
        Server.Dispose();
    }
}
