using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Benchmarks.Fleet;
using CertOrleans.Gateway;
using CertOrleans.Gateway.Security;
using CertOrleans.Hosting.Silo;
using CertOrleans.Pki;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Benchmarks;

/// <summary>
/// Whole kiosk flows over real HTTPS with client certificates and software cards, N kiosks at once, against a
/// silo and the gateway in this process; beside it, the floor: a trivial authenticated request to the same
/// gateway over the same TLS setup. The oracle checks every delivered PDF against the card holder.
/// </summary>
public static class FlowBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<int> kioskCounts, TimeSpan duration, bool oracle, double? rate, TextWriter output)
    {
        var most = kioskCounts.Max();
        SiloThreads.Configure(Math.Max(64, most));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        using var cardCa = CertificateAuthority.Create("Bench Card CA");
        using var terminalCa = CertificateAuthority.Create("Bench Terminal CA");
        using var gatewayCa = CertificateAuthority.Create("Bench Gateway CA");
        using var serverPem = gatewayCa.IssueServerCertificate(["localhost"], [IPAddress.Loopback]);
        var server = X509CertificateLoader.LoadPkcs12(serverPem.Export(X509ContentType.Pkcs12), null);

        using var silo = await BenchSilo.StartAsync("flows", 21112, new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Sqlite",
            ["Store:DataDirectory"] = Directory.CreateTempSubdirectory("certorleans-flows-").FullName,
        }, cardCa);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();

        var gateway = GatewayApplication.Build(["--urls", "https://127.0.0.1:0"], new GatewayApplication.Settings
        {
            UseOrleansClient = false,
            Certificates = new GatewayCertificates(server, X509CertificateLoader.LoadCertificate(terminalCa.Certificate.RawData)),
            Configure = builder =>
            {
                builder.Services.AddSingleton(grains);
                builder.Logging.SetMinimumLevel(LogLevel.Error);
                // A virtual kiosk serves customers back to back, far faster than a real one: no per-terminal limit here.
                builder.Configuration["Gateway:RateLimits:TerminalPermitsPerSecond"] = "100000";
                builder.Configuration["Gateway:RateLimits:TerminalBurst"] = "100000";
            },
        });
        await gateway.StartAsync();
        var address = new Uri(gateway.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");

        var holders = await Population.CreateHoldersAsync(grains, cardCa, 600, today);
        var root = X509CertificateLoader.LoadCertificate(gatewayCa.Certificate.RawData);
        var allClients = await Population.CreateKiosksAsync(grains, terminalCa, root, address, most, "bench-kiosk");
        var mixUps = 0;
        foreach (var kiosks in kioskCounts)
        {
            var clients = allClients.Take(kiosks).ToList();
            output.WriteLine($"flow benchmark: {kiosks} kiosks, {duration.TotalSeconds:F0} s each phase, {holders.Count} residents, 住民票 only, oracle {(oracle ? "on" : "off")}{(rate is { } r ? $", {r} flows/s offered" : "")}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");

            // The floor: the trivial authenticated request, same clients, same connections.
            var floor = new ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(client => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await client.GetAsync("terminal/v1/ping");
                    response.EnsureSuccessStatusCode();
                    floor.Add(watch.Elapsed.TotalMilliseconds);
                }
            })));

            var fleet = new KioskFleet(clients, holders);
            await fleet.RunAsync(new FleetPlan(kiosks, duration, rate, [("juminhyo", 1)], [(Behaviour.Print, 1)], oracle));
            FleetReport.Write(output, fleet, duration, new Latencies(floor));
            mixUps += fleet.Traces.Count(t => t.MixUp);
            output.WriteLine();
        }
        await gateway.StopAsync();
        await silo.StopAsync();
        return mixUps == 0 ? 0 : 1;
    }
}
