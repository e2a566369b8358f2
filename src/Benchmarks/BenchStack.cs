using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Gateway;
using CertOrleans.Gateway.Security;
using CertOrleans.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Benchmarks;

/// <summary>
/// A silo on SQLite and the gateway in this process, with their own card, terminal and gateway CAs: what the
/// in-process flow benchmarks drive. Virtual kiosks serve customers back to back, far faster than real ones,
/// so the per-terminal limit is lifted.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly IHost silo;
    private readonly WebApplication gateway;

    private BenchStack(CertificateAuthority cardCa, CertificateAuthority terminalCa, CertificateAuthority gatewayCa, IHost silo, WebApplication gateway)
    {
        CardCa = cardCa;
        TerminalCa = terminalCa;
        GatewayCa = gatewayCa;
        this.silo = silo;
        this.gateway = gateway;
        Address = new Uri(gateway.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");
    }

    public CertificateAuthority CardCa { get; }
    public CertificateAuthority TerminalCa { get; }
    public CertificateAuthority GatewayCa { get; }
    public Uri Address { get; }
    public IGrainFactory Grains => silo.Services.GetRequiredService<IGrainFactory>();
    public X509Certificate2 GatewayRoot => X509CertificateLoader.LoadCertificate(GatewayCa.Certificate.RawData);

    public static async Task<BenchStack> StartAsync(string name, int siloPort, IDictionary<string, string?> siloSettings, IDictionary<string, string>? gatewaySettings = null)
    {
        var cardCa = CertificateAuthority.Create("Bench Card CA");
        var terminalCa = CertificateAuthority.Create("Bench Terminal CA");
        var gatewayCa = CertificateAuthority.Create("Bench Gateway CA");
        using var serverPem = gatewayCa.IssueServerCertificate(["localhost"], [IPAddress.Loopback]);
        var server = X509CertificateLoader.LoadPkcs12(serverPem.Export(X509ContentType.Pkcs12), null);
        var settings = new Dictionary<string, string?>(siloSettings)
        {
            ["Store:Provider"] = "Sqlite",
            ["Store:DataDirectory"] = Directory.CreateTempSubdirectory($"certorleans-{name}-").FullName,
        };
        var silo = await BenchSilo.StartAsync(name, siloPort, settings, cardCa);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var gateway = GatewayApplication.Build(["--urls", "https://127.0.0.1:0"], new GatewayApplication.Settings
        {
            UseOrleansClient = false,
            Certificates = new GatewayCertificates(server, X509CertificateLoader.LoadCertificate(terminalCa.Certificate.RawData)),
            Configure = builder =>
            {
                builder.Services.AddSingleton(grains);
                builder.Logging.SetMinimumLevel(LogLevel.Error);
                builder.Configuration["Gateway:RateLimits:TerminalPermitsPerSecond"] = "100000";
                builder.Configuration["Gateway:RateLimits:TerminalBurst"] = "100000";
                foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
            },
        });
        await gateway.StartAsync();
        return new BenchStack(cardCa, terminalCa, gatewayCa, silo, gateway);
    }

    public async ValueTask DisposeAsync()
    {
        await gateway.StopAsync();
        await silo.StopAsync();
        silo.Dispose();
        CardCa.Dispose();
        TerminalCa.Dispose();
        GatewayCa.Dispose();
    }
}
