using CertOrleans.Contracts.Time;
using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Admin.Demo;
using CertOrleans.Contracts.Certificates;
using CertOrleans.ServiceDefaults.Client;
using CertOrleans.Storage;
using CertOrleans.Pki;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>
/// <c>drive</c>: the load generator against a running CertOrleans (the gateway over HTTPS, the cluster through
/// its membership table), then the audit. Exit 0 when the audit finds nothing, 1 when it does, 2 on bad input.
/// </summary>
public static class DriveCommand
{
    private static readonly string[] Behaviours = ["print", "cancel", "printer-fails", "abandon"];

    public static Command Create()
    {
        var gateway = new Option<string>("--gateway") { Description = "The gateway's base address", DefaultValueFactory = _ => "https://127.0.0.1:5443/" };
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder of `Admin demo init` (its PKI and registry key)", Required = true };
        var postgres = new Option<string?>("--postgres") { Description = "The cluster's PostgreSQL (membership, store and journal); without it, the local silo on SQLite in --data" };
        var kiosks = new Option<int>("--kiosks") { Description = "Virtual kiosks at once", DefaultValueFactory = _ => 32 };
        var seconds = new Option<int>("--seconds") { Description = "How long the kiosks serve customers", DefaultValueFactory = _ => 60 };
        var rate = new Option<double?>("--rate") { Description = "Target flows per second over all kiosks (default: as fast as they go)" };
        var households = new Option<int>("--households") { Description = "Size of the synthetic population (households)", DefaultValueFactory = _ => 400 };
        var mix = new Option<string>("--mix") { Description = "Certificate types and weights", DefaultValueFactory = _ => "juminhyo=60,inkan=20,shotoku-kazei=20" };
        var behaviours = new Option<string>("--behaviours") { Description = "Kiosk behaviours and weights (print, cancel, printer-fails, abandon)", DefaultValueFactory = _ => "print=94,cancel=3,printer-fails=2,abandon=1" };
        var churn = new Option<double>("--registry-changes") { Description = "Registry address changes per second during the run", DefaultValueFactory = _ => 5 };
        var logs = new Option<DirectoryInfo?>("--logs") { Description = "Log folder to search for personal data after the run" };
        var until = new Option<FileInfo?>("--until") { Description = "After --seconds, the kiosks go on until this file exists (the fault test's faults may outlast the run)" };
        var drain = new Option<int>("--drain-seconds") { Description = "How long to wait after the run for every request to end or be swept", DefaultValueFactory = _ => 180 };
        var command = new Command("drive", "Virtual kiosks over HTTPS against a running cluster, the oracle on every PDF, then the audit")
            { gateway, data, postgres, kiosks, seconds, rate, households, mix, behaviours, churn, logs, until, drain };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<(string Value, int Weight)> types, kinds;
            try
            {
                types = FleetReport.ParseWeights(parse.GetValue(mix)!, CertificateTypes.All.Select(t => t.Code()).ToList());
                kinds = FleetReport.ParseWeights(parse.GetValue(behaviours)!, Behaviours);
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            if (!Uri.TryCreate(parse.GetValue(gateway), UriKind.Absolute, out var gatewayUri) || gatewayUri.Scheme != Uri.UriSchemeHttps)
            {
                Console.Error.WriteLine($"error: --gateway must be an https:// address, not '{parse.GetValue(gateway)}'");
                return 2;
            }
            if (parse.GetValue(kiosks) < 1 || parse.GetValue(seconds) < 1 || parse.GetValue(households) < 1)
            {
                Console.Error.WriteLine("error: --kiosks, --seconds and --households must be at least 1");
                return 2;
            }
            var plan = new FleetPlan(parse.GetValue(kiosks), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(rate), types,
                kinds.Select(k => (Enum.Parse<Behaviour>(k.Value.Replace("-", ""), ignoreCase: true), k.Weight)).ToList(), Oracle: true,
                parse.GetValue(until)?.FullName);
            return await RunAsync(gatewayUri, new DemoLayout(parse.GetValue(data)!.FullName), parse.GetValue(postgres), plan,
                parse.GetValue(households), parse.GetValue(churn), parse.GetValue(logs)?.FullName, TimeSpan.FromSeconds(parse.GetValue(drain)), Console.Out, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(Uri gateway, DemoLayout layout, string? postgres, FleetPlan plan, int households, double registryChanges,
        string? logDirectory, TimeSpan drain, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.CaKey("card")) || !File.Exists(layout.RegistryKey))
        {
            Console.Error.WriteLine($"error: {layout.Root} is not a demo data folder (run `CertOrleans.Admin.dll demo init --data {layout.Root}` first)");
            return 2;
        }
        // Found as the gateway finds it; with --postgres, through the membership table of that database.
        Dictionary<string, string?> settings = postgres is null
            ? new() { ["Store:Provider"] = "Sqlite", ["Store:DataDirectory"] = layout.Root }
            : new() { ["Store:Provider"] = "Postgres", [$"ConnectionStrings:{StoreOptions.ConnectionStringName}"] = postgres, ["Orleans:Clustering:ProviderType"] = "AdoNet" };
        await using var cluster = await ClusterConnection.ConnectAsync(settings, cancellationToken, keepRetrying: true);
        var grains = cluster.Client;

        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        using var cardCa = CertificateAuthority.Load(layout.CaCertificate("card"), layout.CaKey("card"));
        using var terminalCa = CertificateAuthority.Load(layout.CaCertificate("terminal"), layout.CaKey("terminal"));
        var gatewayRoot = X509CertificateLoader.LoadCertificateFromFile(layout.CaCertificate("gateway"));
        output.WriteLine($"drive: {plan.Kiosks} kiosks for {plan.Duration.TotalSeconds:F0} s against {gateway}{(plan.TargetFlowsPerSecond is { } r ? $" at {r}/s" : "")}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        // Every demo city's residents, served in turn: each city's keys, journal and reports take their own share.
        var holders = await Population.CreateHoldersOfAllCitiesAsync(grains, cardCa, households, today, cancellationToken);
        var kiosks = await Population.CreateKiosksAsync(grains, terminalCa, gatewayRoot, gateway, plan.Kiosks, "load-kiosk");
        output.WriteLine($"population: {holders.Count} card holders, {kiosks.Count} terminals registered");

        var fleet = new KioskFleet(kiosks, holders);
        using var registryHttp = GatewayHttp.Create(gateway, null, gatewayRoot);
        var registryKeys = new Dictionary<string, string>();
        foreach (var city in DemoCities.All) registryKeys[city.Code] = (await File.ReadAllTextAsync(layout.RegistryKeyOf(city.Code), cancellationToken)).Trim();
        var registry = new RegistryChurn(registryHttp, registryKeys, holders);
        await Task.WhenAll(fleet.RunAsync(plan, cancellationToken), registryChanges > 0 ? registry.RunAsync(plan.Duration, registryChanges, cancellationToken) : Task.CompletedTask);
        FleetReport.Write(output, fleet, fleet.Served);
        output.WriteLine($"registry: {registry.Acknowledged} address changes acknowledged, {registry.Failed} not acknowledged");

        var store = RelationalStore.Create(StoreOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        var audit = new ClusterAudit(store, grains, holders, fleet.Traces.ToList());
        await audit.WaitForRegisterToEmptyAsync(drain, output);
        await audit.RunAsync(logDirectory, today);
        output.WriteLine("journal: " + string.Join(", ", audit.Outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}")));
        output.WriteLine("chains: " + audit.ChainSummary);
        var unclear = fleet.Traces.Count(t => t.ErrorCode is "connection-failed" or "kiosk-timeout");
        if (unclear > 0) audit.Findings.Add($"{unclear} step(s) failed without a clear error from the gateway");
        var mixUps = fleet.Traces.Count(t => t.MixUp);
        if (mixUps > 0) audit.Findings.Add($"{mixUps} mix-up(s): a kiosk received a certificate that is not its card holder's");
        if (!fleet.Traces.Any(t => t.Outcome == "Printed")) audit.Findings.Add("nothing was printed: the run proves nothing");
        output.WriteLine(audit.Findings.Count == 0
            ? "audit: PASSED — zero mix-ups; every request ended on record, once in its verified journal chain with its deletion statement; every paid request printed or recorded as failed with a refund due; no registry change lost; no personal data in the store or the logs"
            : "audit: FAILED\n  - " + string.Join("\n  - ", audit.Findings.Take(30)));
        return audit.Findings.Count == 0 ? 0 : 1;
    }
}
