using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Admin.Demo;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Feed;
using CertOrleans.Gateway;
using CertOrleans.Gateway.Security;
using CertOrleans.Grains.Hosting;
using CertOrleans.Grains.Protection;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Pki.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace CertOrleans.Benchmarks;

/// <summary>
/// Whole kiosk flows over real HTTPS with client certificates and software cards, N kiosks at once, against a
/// silo and the gateway in this process; beside it, the floor: a trivial authenticated request to the same
/// gateway over the same TLS setup. The oracle checks every delivered PDF against the card holder.
/// </summary>
public static class FlowBenchmark
{
    private const string Pin = "2468";

    public static async Task<int> RunAsync(int kiosks, TimeSpan duration, bool oracle, TextWriter output)
    {
        SiloThreads.Configure(Math.Max(64, kiosks));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        using var cardCa = CertificateAuthority.Create("Bench Card CA");
        using var terminalCa = CertificateAuthority.Create("Bench Terminal CA");
        using var gatewayCa = CertificateAuthority.Create("Bench Gateway CA");
        using var serverPem = gatewayCa.IssueServerCertificate(["localhost"], [IPAddress.Loopback]);
        var server = X509CertificateLoader.LoadPkcs12(serverPem.Export(X509ContentType.Pkcs12), null);

        using var silo = await BenchSilo.StartAsync("flows", 21112, new Dictionary<string, string?>
        {
            ["CertOrleans:Store"] = "sqlite",
            ["CertOrleans:DataDirectory"] = Directory.CreateTempSubdirectory("certorleans-flows-").FullName,
        });
        var grains = silo.Services.GetRequiredService<IGrainFactory>();

        var gateway = GatewayApplication.Build(["--urls", "https://127.0.0.1:0"], new GatewayApplication.Settings
        {
            UseOrleansClient = false,
            Certificates = new GatewayCertificates(server, X509CertificateLoader.LoadCertificate(terminalCa.Certificate.RawData), X509CertificateLoader.LoadCertificate(cardCa.Certificate.RawData)),
            Configure = builder =>
            {
                builder.Services.AddSingleton(grains);
                builder.Logging.SetMinimumLevel(LogLevel.Error);
            },
        });
        await gateway.StartAsync();
        var address = new Uri(gateway.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");

        // People, cards and terminals.
        var people = DemoCity.Stream(600, 7, today).Where(e => e.Record.Status == Contracts.Residents.ResidencyStatus.Resident
            && !e.Record.UnderSupportMeasures && !e.Record.MoveOutFiled && e.Record.DateOfBirth < today.AddYears(-16)).ToList();
        var lines = string.Join('\n', people.Select(e => ResidentFile.ToJson(e)));
        await FeedImport.ImportAsync(new StringReader(lines), grains, initial: true);
        var now = DateTimeOffset.UtcNow;
        var cards = new List<(Contracts.Residents.ResidentRecord Resident, SoftwareCard Card)>();
        foreach (var person in people)
        {
            var card = SoftwareCard.Issue(cardCa, Pin, now.AddDays(-1), now.AddYears(1));
            await grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(person.Record.Key);
            cards.Add((person.Record, card));
        }
        var root = X509CertificateLoader.LoadCertificate(gatewayCa.Certificate.RawData);
        var clients = new List<HttpClient>();
        for (var k = 0; k < kiosks; k++)
        {
            var id = $"bench-kiosk-{k:D4}";
            await grains.GetGrain<ITerminalGrain>(id).Register(new TerminalRegistration("Bench", $"店舗{k}"));
            using var terminal = terminalCa.IssueTerminalCertificate(id);
            clients.Add(KioskClient.CreateHttpClient(address, X509CertificateLoader.LoadPkcs12(terminal.Export(X509ContentType.Pkcs12), null), root, maxConnections: 1));
        }
        output.WriteLine($"flow benchmark: {kiosks} kiosks, {duration.TotalSeconds:F0} s each phase, {cards.Count} residents, oracle {(oracle ? "on" : "off")}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");

        // The floor: the trivial authenticated request, same clients, same connections.
        var floor = await DriveAsync(kiosks, duration, async k => { using var r = await clients[k].GetAsync("terminal/v1/ping"); r.EnsureSuccessStatusCode(); });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor  GET /terminal/v1/ping: {floor.Count / duration.TotalSeconds:F0} req/s, p50 {floor.P(50):F1} ms, p99 {floor.P(99):F1} ms"));

        // The flows.
        var steps = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var numbers = new ConcurrentDictionary<string, int>();
        var mixUps = 0;
        var failures = new ConcurrentBag<string>();
        var next = -1;
        var flows = await DriveAsync(kiosks, duration, async k =>
        {
            var (resident, card) = cards[(int)((uint)Interlocked.Increment(ref next) % (uint)cards.Count)];
            try
            {
                var result = await new KioskClient(clients[k]).RunAsync(card, Pin, "092011", "juminhyo");
                foreach (var (step, time) in result.Timings) steps.GetOrAdd(step, _ => []).Add(time.TotalMilliseconds);
                numbers.AddOrUpdate(result.Document.CertificateNumber, 1, (_, n) => n + 1);
                if (oracle && !Oracle(result, resident)) Interlocked.Increment(ref mixUps);
            }
            catch (Exception ex) when (ex is KioskProblemException or HttpRequestException)
            {
                failures.Add(ex is KioskProblemException p ? p.Code : ex.GetType().Name);
            }
        });
        mixUps += numbers.Values.Count(n => n > 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flows: {flows.Count / duration.TotalSeconds:F0} complete flows/s ({flows.Count:N0} in {duration.TotalSeconds:F0} s), {failures.Count} failed{(failures.IsEmpty ? "" : " (" + string.Join(", ", failures.GroupBy(f => f).Select(g => $"{g.Key} ×{g.Count()}")) + ")")}, mix-ups {mixUps}"));
        foreach (var step in new[] { "start", "authenticate", "order", "pay", "document", "confirm", "total" })
        {
            if (!steps.TryGetValue(step, out var bag)) continue;
            var sample = new Sample(bag.OrderBy(x => x).ToList());
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step,-13} p50 {sample.P(50),7:F1} ms  p95 {sample.P(95),7:F1} ms  p99 {sample.P(99),7:F1} ms  (p50 = {sample.P(50) / floor.P(50),5:F1} × floor)"));
        }
        await gateway.StopAsync();
        await silo.StopAsync();
        return mixUps == 0 ? 0 : 1;
    }

    /// <summary>The oracle: the delivered certificate names the card holder (name, birth date, address) and carries its number on every page.</summary>
    private static bool Oracle(KioskResult result, Contracts.Residents.ResidentRecord resident)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(result.Document.Pdf);
        var expected = new[]
        {
            VerificationCode.Canonical(resident.FullName),
            VerificationCode.Canonical(resident.Address),
            Grains.Documents.JapaneseDates.Format(resident.DateOfBirth),
        };
        foreach (var page in document.GetPages())
        {
            var text = VerificationCode.Canonical(page.Text);
            if (!text.Contains(result.Document.CertificateNumber, StringComparison.Ordinal)) return false;
            if (!expected.All(e => text.Contains(e, StringComparison.Ordinal))) return false;
        }
        return true;
    }

    private static async Task<Sample> DriveAsync(int workers, TimeSpan duration, Func<int, Task> once)
    {
        var times = new ConcurrentBag<double>();
        var deadline = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(k => Task.Run(async () =>
        {
            while (deadline.Elapsed < duration)
            {
                var watch = Stopwatch.StartNew();
                await once(k);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        })));
        return new Sample(times.OrderBy(x => x).ToList());
    }

    private sealed record Sample(List<double> Sorted)
    {
        public int Count => Sorted.Count;

        public double P(int percentile) => Sorted.Count == 0 ? double.NaN : Sorted[Math.Min(Sorted.Count - 1, (int)Math.Ceiling(Sorted.Count * percentile / 100.0) - 1)];
    }
}
