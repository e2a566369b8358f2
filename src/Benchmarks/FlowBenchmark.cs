using CertOrleans.Contracts.Time;
using System.Collections.Concurrent;
using System.Diagnostics;
using CertOrleans.Benchmarks.Fleet;
using CertOrleans.SiloHosting;

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
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        await using var stack = await BenchStack.StartAsync("flows", 21112, new Dictionary<string, string?>());
        var grains = stack.Grains;

        var holders = await Population.CreateHoldersAsync(grains, stack.CardCa, 600, today);
        var allClients = await Population.CreateKiosksAsync(grains, stack.TerminalCa, stack.GatewayRoot, stack.Address, most, "bench-kiosk");
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
        return mixUps == 0 ? 0 : 1;
    }
}
