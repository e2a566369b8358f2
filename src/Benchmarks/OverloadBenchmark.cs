using CertOrleans.Contracts.Time;
using System.Globalization;
using CertOrleans.Benchmarks.Fleet;
using CertOrleans.SiloHosting;

namespace CertOrleans.Benchmarks;

/// <summary>
/// Overload, the way the March moving season brings it: first the capacity, measured with a closed loop of
/// kiosks; then three times that offered for a minute by a fleet twice as large, from two municipalities, one
/// asking ten times as much as the other. The oracle checks every document. Reports what each municipality was
/// offered, admitted and printed, the shed starts' latency and the admitted flows' step latencies.
/// </summary>
public static class OverloadBenchmark
{
    private const string Rush = "092011", Quiet = "132012";

    public static async Task<int> RunAsync(int kiosks, TimeSpan measure, TimeSpan overload, int maxActiveFlows, TextWriter output)
    {
        SiloThreads.Configure(Math.Max(64, kiosks * 4));
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        await using var stack = await BenchStack.StartAsync("overload", 21113, new Dictionary<string, string?>
        {
            // Service hours are 6:30–23:00 in Japan: the cluster's clock is moved to noon there, whenever this runs.
            ["Rehearsal:ClockShift"] = TimeSpan.FromHours(12 - DateTimeOffset.UtcNow.InJapan().Hour).ToString(),
            [$"Municipalities:{Quiet}:Name"] = "八王子市", [$"Municipalities:{Quiet}:Prefecture"] = "東京都",
            [$"Municipalities:{Quiet}:MayorTitle"] = "八王子市長", [$"Municipalities:{Quiet}:MayorName"] = "高尾　学",
            [$"Municipalities:{Quiet}:Fees:juminhyo"] = "300",
        }, new Dictionary<string, string>
        {
            ["Gateway:Admission:MaxActiveFlows"] = maxActiveFlows.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Admission:RetryAfter"] = "00:00:01",
        });
        var grains = stack.Grains;

        // Ten customers of the rushed city to one of the quiet city, interleaved, in the order the fleet serves them.
        var rushed = await Population.CreateHoldersAsync(grains, stack.CardCa, 500, today);
        var quiet = await Population.CreateHoldersAsync(grains, stack.CardCa, 60, today, city: Admin.Demo.DemoCities.Hachioji, seed: 11);
        var holders = rushed.Select((h, i) => (h, Key: i * 1.0)).Concat(quiet.Select((h, i) => (h, Key: i * 11.0 + 5.5))).OrderBy(p => p.Key).Select(p => p.h).ToList();
        var clients = await Population.CreateKiosksAsync(grains, stack.TerminalCa, stack.GatewayRoot, stack.Address, kiosks * 2, "overload-kiosk");
        output.WriteLine($"overload benchmark: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}; Gateway:Admission:MaxActiveFlows {maxActiveFlows}; oracle on; 住民票 only");

        // Warm-up, then capacity: a closed loop of N kiosks, each serving the next customer as soon as it is done.
        await new KioskFleet(clients.Take(kiosks).ToList(), holders).RunAsync(Plan(kiosks, TimeSpan.FromSeconds(15), null));
        var closed = new KioskFleet(clients.Take(kiosks).ToList(), holders);
        await closed.RunAsync(Plan(kiosks, measure, null));
        var capacity = closed.Traces.Count(t => t.Outcome == "Printed") / measure.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\ncapacity: {kiosks} kiosks in a closed loop for {measure.TotalSeconds:F0} s"));
        FleetReport.Write(output, closed, measure);
        if (capacity <= 0)
        {
            output.WriteLine("error: nothing was printed in the capacity phase; see the errors above");
            return 1;
        }

        // Overload: three times the capacity offered by twice the kiosks.
        var offered = capacity * 3;
        var fleet = new KioskFleet(clients, holders);
        await fleet.RunAsync(Plan(clients.Count, overload, offered));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\noverload: {offered:F1} flows/s offered (3 × {capacity:F1}) by {clients.Count} kiosks for {overload.TotalSeconds:F0} s"));
        FleetReport.Write(output, fleet, overload);
        foreach (var city in new[] { Rush, Quiet })
        {
            var traces = fleet.Traces.Where(t => t.Holder.Entry.Record.Key.MunicipalityCode == city).ToList();
            var shed = traces.Count(t => t.ErrorCode == "overloaded");
            var printed = traces.Count(t => t.Outcome == "Printed");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {city}: {traces.Count:N0} starts offered, {traces.Count - shed:N0} admitted ({100.0 * (traces.Count - shed) / Math.Max(1, traces.Count):F0} %), {shed:N0} shed, {printed:N0} printed ({printed / overload.TotalSeconds:F1}/s)"));
        }
        var paidUnprinted = fleet.Traces.Count(t => t.PaymentAccepted && t.Outcome is null && t.ErrorCode is null);
        output.WriteLine($"  paid but neither printed nor failed with a code: {paidUnprinted}");
        return fleet.Traces.Any(t => t.MixUp) || closed.Traces.Any(t => t.MixUp) || paidUnprinted > 0 ? 1 : 0;
    }

    private static FleetPlan Plan(int kiosks, TimeSpan duration, double? rate) =>
        new(kiosks, duration, rate, [("juminhyo", 1)], [(Behaviour.Print, 1)], Oracle: true);
}
