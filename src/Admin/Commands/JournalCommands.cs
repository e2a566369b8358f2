using System.CommandLine;
using CertOrleans.Admin.Verification;

namespace CertOrleans.Admin.Commands;

/// <summary>journal export / statement (through the gateway) and verify (offline).</summary>
internal static class JournalCommands
{
    public static Command Create(SharedOptions shared)
    {
        var bundleOut = new Option<FileInfo>("--out") { Description = "Where the bundle is written", Required = true };
        var referenceOption = new Option<string>("--reference") { Description = "The request id or the certificate number", Required = true };
        var exportJournal = new Command("export", "Write the municipality's whole journal (entries, checkpoints, journal keys) to a bundle file")
            { shared.Municipality, bundleOut, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        exportJournal.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            using var gateway = shared.Gateway(parse, registry: false);
            var bundle = await gateway.SendAsync(HttpMethod.Get, $"admin/v1/municipalities/{Uri.EscapeDataString(parse.GetValue(shared.Municipality)!)}/journal/bundle", null, ct);
            await File.WriteAllTextAsync(parse.GetValue(bundleOut)!.FullName, bundle.GetRawText(), ct);
            Console.WriteLine($"{bundle.GetProperty("entries").GetArrayLength()} entries and {bundle.GetProperty("checkpoints").GetArrayLength()} checkpoints written to {parse.GetValue(bundleOut)!.FullName}");
            return 0;
        }));
        var statementJournal = new Command("statement", "Write a request's deletion statement, with the entries that tie it to a signed checkpoint, to a bundle file")
            { shared.Municipality, referenceOption, bundleOut, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        statementJournal.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            using var gateway = shared.Gateway(parse, registry: false);
            var bundle = await gateway.SendAsync(HttpMethod.Get,
                $"admin/v1/municipalities/{Uri.EscapeDataString(parse.GetValue(shared.Municipality)!)}/journal/deletions/{Uri.EscapeDataString(parse.GetValue(referenceOption)!)}", null, ct);
            await File.WriteAllTextAsync(parse.GetValue(bundleOut)!.FullName, bundle.GetRawText(), ct);
            var statement = OfflineJournal.Statement(bundle.GetRawText())!;
            Console.WriteLine($"deletion statement of request {statement.RequestId} (certificate {statement.CertificateNumber ?? "none"}): held {string.Join(", ", statement.Held)}; " +
                string.Join(", ", statement.Zeroed.Select(z => $"{z.Category} zeroed {z.ZeroedAt}")));
            Console.WriteLine($"written to {parse.GetValue(bundleOut)!.FullName}; check it with: journal verify --bundle {parse.GetValue(bundleOut)!.FullName}");
            return 0;
        }));
        var bundleIn = new Option<FileInfo>("--bundle") { Description = "A journal bundle (from journal export or journal statement)", Required = true };
        var verifyJournal = new Command("verify", "Check a journal bundle offline: intact (0), entries altered, removed, reordered or inserted (4), a checkpoint not validly signed (6), unreadable (2)") { bundleIn };
        verifyJournal.SetAction(parse => CommandRunner.Run(async () =>
        {
            var file = parse.GetValue(bundleIn)!;
            if (!file.Exists) throw new UsageException($"No such file: {file.FullName}");
            var (finding, exitCode) = OfflineJournal.Verify(await File.ReadAllTextAsync(file.FullName));
            Console.WriteLine(finding);
            return exitCode;
        }));
        return new Command("journal", "The municipality's tamper-evident journal") { exportJournal, statementJournal, verifyJournal };
    }
}
