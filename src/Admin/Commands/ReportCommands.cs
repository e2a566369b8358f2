using System.CommandLine;

namespace CertOrleans.Admin.Commands;

/// <summary>reports settlement / council (through the gateway).</summary>
internal static class ReportCommands
{
    public static Command Create(SharedOptions shared)
    {
        var monthOption = new Option<string>("--month") { Description = "The month, yyyy-MM (Japan time)", Required = true };
        var formatOption = new Option<string>("--format") { Description = "pdf, csv (settlement only) or json", DefaultValueFactory = _ => "pdf" };
        var fromOption = new Option<string>("--from") { Description = "First day, yyyy-MM-dd (Japan time)", Required = true };
        var toOption = new Option<string>("--to") { Description = "Last day, yyyy-MM-dd (Japan time)", Required = true };
        var reportOut = new Option<FileInfo>("--out") { Description = "Where the report is written", Required = true };
        var settlement = new Command("settlement", "The month's settlement per store operator, from the journal") { shared.Municipality, monthOption, formatOption, reportOut, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        settlement.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(monthOption) + "-01", "yyyy-MM-dd", out var month)) throw new UsageException("--month is yyyy-MM, e.g. 2026-11.");
            using var gateway = shared.Gateway(parse, registry: false);
            var bytes = await gateway.DownloadAsync($"admin/v1/municipalities/{Uri.EscapeDataString(parse.GetValue(shared.Municipality)!)}/reports/settlement/{month.Year}/{month.Month}?format={Uri.EscapeDataString(parse.GetValue(formatOption)!)}", ct);
            await File.WriteAllBytesAsync(parse.GetValue(reportOut)!.FullName, bytes, ct);
            Console.WriteLine($"settlement report {month:yyyy-MM} written to {parse.GetValue(reportOut)!.FullName}");
            return 0;
        }));
        var council = new Command("council", "The council's report for a period: issuances, personal data held, deletions, the journal's integrity, incidents, hours and cost recovery")
            { shared.Municipality, fromOption, toOption, formatOption, reportOut, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        council.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            using var gateway = shared.Gateway(parse, registry: false);
            var bytes = await gateway.DownloadAsync($"admin/v1/municipalities/{Uri.EscapeDataString(parse.GetValue(shared.Municipality)!)}/reports/council" +
                $"?from={Uri.EscapeDataString(parse.GetValue(fromOption)!)}&to={Uri.EscapeDataString(parse.GetValue(toOption)!)}&format={Uri.EscapeDataString(parse.GetValue(formatOption)!)}", ct);
            await File.WriteAllBytesAsync(parse.GetValue(reportOut)!.FullName, bytes, ct);
            Console.WriteLine($"council report {parse.GetValue(fromOption)} to {parse.GetValue(toOption)} written to {parse.GetValue(reportOut)!.FullName}");
            return 0;
        }));
        return new Command("reports", "The municipality's reports (through the gateway)") { settlement, council };
    }
}
