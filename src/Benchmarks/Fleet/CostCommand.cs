using CertOrleans.Contracts.Time;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Admin.Demo;
using CertOrleans.ServiceDefaults.Client;
using CertOrleans.Pki;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>
/// <c>cost</c>: what a kiosk flow costs the server, the way a city pays for it. Against a running silo and gateway
/// (separate processes, as run.sh lays them out), this process being the kiosks: first the floor (a trivial
/// authenticated request), then 住民票 flows with the oracle on every PDF, warmed up until throughput and CPU a flow are steady,
/// then a fixed window in which each named process's CPU time is read before and after.
/// </summary>
public static class CostCommand
{
    public static Command Create()
    {
        var gateway = new Option<string>("--gateway") { Description = "The gateway's base address", DefaultValueFactory = _ => "https://127.0.0.1:5443/" };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder of `Admin demo init`", Required = true };
        var kiosks = new Option<int>("--kiosks") { Description = "Virtual kiosks at once", DefaultValueFactory = _ => 16 };
        var seconds = new Option<int>("--seconds") { Description = "The measured window (and the floor's)", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--max-warmup") { Description = "Warm-up ends when two 10-s rounds differ by under 10 % in flows/s and in server CPU a flow, or after this many seconds", DefaultValueFactory = _ => 240 };
        var rate = new Option<double?>("--rate") { Description = "Offered flows per second (default: as fast as the kiosks go)" };
        var pids = new Option<string[]>("--pid") { Description = "name=pid of a server process to measure (repeat)", AllowMultipleArgumentsPerToken = true };
        var perf = new Option<DirectoryInfo?>("--perf") { Description = "Also sample each server process with Linux perf for the first 15 s of the measured window, into {name}.data here" };
        var command = new Command("cost", "CPU per kiosk flow of each server process, beside the floor of a trivial request") { gateway, data, kiosks, seconds, warmup, rate, pids, perf };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var processes = new Dictionary<string, int>();
            foreach (var pair in parse.GetValue(pids) ?? [])
            {
                if (pair.Split('=') is not [var name, var text] || !int.TryParse(text, CultureInfo.InvariantCulture, out var pid))
                {
                    Console.Error.WriteLine($"error: --pid takes name=pid, not '{pair}'");
                    return 2;
                }
                processes[name] = pid;
            }
            if (!Uri.TryCreate(parse.GetValue(gateway), UriKind.Absolute, out var address) || parse.GetValue(kiosks) < 1 || parse.GetValue(seconds) < 1)
            {
                Console.Error.WriteLine("error: --gateway must be an https:// address; --kiosks and --seconds at least 1");
                return 2;
            }
            return await RunAsync(address, new DemoLayout(parse.GetValue(data)!.FullName), parse.GetValue(kiosks), TimeSpan.FromSeconds(parse.GetValue(seconds)),
                TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(rate), processes, parse.GetValue(perf), Console.Out, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri gateway, DemoLayout layout, int kiosks, TimeSpan window, TimeSpan maxWarmup, double? rate,
        IReadOnlyDictionary<string, int> processes, DirectoryInfo? perf, TextWriter output, CancellationToken cancellationToken)
    {
        await using var cluster = await ClusterConnection.ConnectAsync(
            new Dictionary<string, string?> { ["Store:Provider"] = "Sqlite", ["Store:DataDirectory"] = layout.Root }, cancellationToken, keepRetrying: true);
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        using var cardCa = CertificateAuthority.Load(layout.CaCertificate("card"), layout.CaKey("card"));
        using var terminalCa = CertificateAuthority.Load(layout.CaCertificate("terminal"), layout.CaKey("terminal"));
        var root = X509CertificateLoader.LoadCertificateFromFile(layout.CaCertificate("gateway"));
        var holders = await Population.CreateHoldersAsync(cluster.Client, cardCa, 400, today, cancellationToken);
        var clients = await Population.CreateKiosksAsync(cluster.Client, terminalCa, root, gateway, kiosks, "cost-kiosk");
        var measured = processes.Append(new KeyValuePair<string, int>("kiosks (this process)", Environment.ProcessId)).ToList();
        output.WriteLine($"cost: {kiosks} kiosks, {window.TotalSeconds:F0} s windows{(rate is { } r ? $", {r} flows/s offered" : "")}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        // The floor: the same clients and connections, a trivial authenticated request.
        var floor = new System.Collections.Concurrent.ConcurrentBag<double>();
        var before = Cpu(measured);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (clock.Elapsed < window)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync("terminal/v1/ping", cancellationToken);
                response.EnsureSuccessStatusCode();
                floor.Add(watch.Elapsed.TotalMilliseconds);
            }
        }, cancellationToken)));
        var pings = new Latencies(floor);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor: {pings.Count / window.TotalSeconds:F0} req/s, p50 {pings.P(50):F2} ms, p99 {pings.P(99):F2} ms"));
        Report(output, before, Cpu(measured), pings.Count, "request");

        // Warm-up until two 10-s rounds agree within 10 % in throughput and in server CPU per flow (JIT tiering goes
        // on long after throughput is steady at an offered rate), then the measured window.
        (double Rate, double Cpu)? last = null;
        var warm = Stopwatch.StartNew();
        static bool Near(double a, double b) => Math.Abs(a - b) <= 0.1 * Math.Max(b, 0.1);
        while (warm.Elapsed < maxWarmup)
        {
            var round = new KioskFleet(clients, holders);
            var cpuBefore = Cpu(measured);
            await round.RunAsync(Plan(kiosks, TimeSpan.FromSeconds(10), rate), cancellationToken);
            var printedInRound = round.Traces.Count(t => t.Outcome == "Printed");
            var perFlow = ServerMilliseconds(cpuBefore, Cpu(measured)) / Math.Max(printedInRound, 1);
            var perSecond = printedInRound / 10.0;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up round: {perSecond:F1} flows/s, server CPU {perFlow:F2} ms a flow"));
            if (last is var (previousRate, previousCpu) && Near(perSecond, previousRate) && Near(perFlow, previousCpu)) break;
            last = (perSecond, perFlow);
        }
        var fleet = new KioskFleet(clients, holders);
        before = Cpu(measured);
        var samplers = perf is null ? [] : processes.Select(p => Sample(perf, p.Key, p.Value, Math.Min(15, (int)window.TotalSeconds))).ToList();
        await fleet.RunAsync(Plan(kiosks, window, rate), cancellationToken);
        var after = Cpu(measured);
        foreach (var sampler in samplers)
        {
            await sampler.WaitForExitAsync(cancellationToken);
            sampler.Dispose();
        }
        FleetReport.Write(output, fleet, window, pings);
        var printed = fleet.Traces.Count(t => t.Outcome == "Printed");
        Report(output, before, after, printed, "flow");
        // What the GC settings cost in memory: each process's resident set now and at its peak.
        output.WriteLine("  memory: " + string.Join(", ", measured.Select(p => $"{p.Key} {Memory(p.Value)}")));
        return fleet.Traces.Any(t => t.MixUp) || printed == 0 ? 1 : 0;
    }

    /// <summary>perf record of one process (call graphs, about 1 kHz) for the first seconds of the window: where its CPU goes.</summary>
    private static Process Sample(DirectoryInfo directory, string name, int pid, int seconds)
    {
        directory.Create();
        var start = new ProcessStartInfo("perf") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "record", "-F", "999", "-g", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(directory.FullName, $"{name}.data"), "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        var sampler = Process.Start(start) ?? throw new InvalidOperationException("perf could not be started.");
        // Its few lines of progress are not the benchmark's: read and dropped, so a full pipe never stops it.
        sampler.BeginOutputReadLine();
        sampler.BeginErrorReadLine();
        return sampler;
    }

    private static FleetPlan Plan(int kiosks, TimeSpan duration, double? rate) =>
        new(kiosks, duration, rate, [("juminhyo", 1)], [(Behaviour.Print, 1)], Oracle: true);

    private static Dictionary<string, TimeSpan> Cpu(IEnumerable<KeyValuePair<string, int>> processes) =>
        processes.ToDictionary(p => p.Key, p =>
        {
            using var process = Process.GetProcessById(p.Value);
            return process.TotalProcessorTime;
        });

    /// <summary>VmRSS and VmHWM from /proc/{pid}/status, in MiB.</summary>
    private static string Memory(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        string Of(string key) => lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':')[1].Trim().Split(' ')[0] is { } kb
            ? (long.Parse(kb, CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture) : "?";
        return $"{Of("VmRSS")} MiB resident (peak {Of("VmHWM")} MiB)";
    }

    private static double ServerMilliseconds(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after) =>
        after.Where(p => !p.Key.StartsWith("kiosks", StringComparison.Ordinal)).Sum(p => (p.Value - before[p.Key]).TotalMilliseconds);

    private static void Report(TextWriter output, Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int count, string unit)
    {
        if (count == 0) return;
        var server = ServerMilliseconds(before, after);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU per {unit}: {string.Join(", ", after.Select(p => $"{p.Key} {(p.Value - before[p.Key]).TotalMilliseconds / count:F3} ms"))}; server total {server / count:F3} ms ({count:N0} {unit}s)"));
    }
}
