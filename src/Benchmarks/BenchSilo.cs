using System.Globalization;
using CertOrleans.Grains.Cards;
using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.SiloHosting;
using CertOrleans.Pki;
using CertOrleans.Storage.Protection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Benchmarks;

/// <summary>
/// A silo in the benchmark's own process, set up like production (the same defaults, Orleans reading its own
/// clustering settings, AddCertOrleans) on the given store, trusting the given card CA.
/// </summary>
public static class BenchSilo
{
    public static async Task<IHost> StartAsync(string name, int siloPort, IDictionary<string, string?> store, CertificateAuthority? cardCa = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddCertOrleansDefaults().AddInMemoryCollection(new Dictionary<string, string?>(store)
        {
            ["Orleans:ClusterId"] = name,
            ["Orleans:ServiceId"] = $"certorleans-{name}",
            ["Orleans:Endpoints:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = "0",
            ["Orleans:Clustering:PrimarySiloEndPoint"] = $"127.0.0.1:{siloPort}",
            ["Encryption:KeyEncryptionKey"] = KeyEncryptionKey.NewBase64(),
            ["Municipalities:092011:Name"] = "宇都宮市", ["Municipalities:092011:Prefecture"] = "栃木県",
            ["Municipalities:092011:MayorTitle"] = "宇都宮市長", ["Municipalities:092011:MayorName"] = "鬼怒川　誠",
            ["Municipalities:092011:Fees:juminhyo"] = "200",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        using var throwaway = cardCa is null ? CertificateAuthority.Create("Bench Card CA (unused)") : null;
        var issuer = cardCa ?? throwaway!;
        builder.Services.AddSingleton(new CardTrust(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(issuer.Certificate.RawData)));
        // The card CA's list, as a silo reads it in production (nothing revoked): each flow asks it in memory.
        var crl = Path.Combine(Directory.CreateTempSubdirectory("certorleans-bench-crl-").FullName, "card-ca.crl");
        File.WriteAllBytes(crl, issuer.PublishCrl(null, [], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)));
        builder.Configuration["Cards:Revocation:CrlFile"] = crl;
        builder.UseOrleans(silo => silo.AddCertOrleans(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
