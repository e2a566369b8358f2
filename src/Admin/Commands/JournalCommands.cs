using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using CertOrleans.Admin.Verification;
using CertOrleans.Contracts.Journal;
using CertOrleans.Pki;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Admin.Commands;

/// <summary>
/// journal export / statement / pin / witness (through the gateway), witness-key and verify (offline). What the city
/// holds (its pinned keys, its witness key and log) never comes from the server being checked, only from these files.
/// </summary>
internal static class JournalCommands
{
    public static Command Create(SharedOptions shared)
    {
        var bundleOut = new Option<FileInfo>("--out") { Description = "Where the bundle is written", Required = true };
        var referenceOption = new Option<string>("--reference") { Description = "The request id or the certificate number", Required = true };
        var witnessIn = new Option<FileInfo?>("--witness") { Description = "A witness log (journal witness): the heads the city's witness cosigned" };
        var trustIn = new Option<FileInfo?>("--trust") { Description = "A trust file (journal pin): the journal keys the city pinned" };

        var exportJournal = new Command("export", "Write the municipality's whole journal (entries, checkpoints, journal keys) to a bundle file")
            { shared.Municipality, bundleOut, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        exportJournal.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            using var gateway = shared.Gateway(parse, registry: false);
            var bundle = await gateway.SendAsync(HttpMethod.Get, $"admin/v1/municipalities/{Code(parse, shared)}/journal/bundle", null, ct);
            await File.WriteAllTextAsync(parse.GetValue(bundleOut)!.FullName, bundle.GetRawText(), ct);
            Console.WriteLine($"{bundle.GetProperty("entries").GetArrayLength()} entries and {bundle.GetProperty("checkpoints").GetArrayLength()} checkpoints written to {parse.GetValue(bundleOut)!.FullName}");
            return 0;
        }));

        var statementJournal = new Command("statement", "Write a request's deletion statement, with the entries that tie it to a signed checkpoint (with --witness, through the newest witnessed head), to a bundle file")
            { shared.Municipality, referenceOption, bundleOut, witnessIn, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        statementJournal.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            var through = parse.GetValue(witnessIn) is { } log
                ? WitnessLog.Load(Existing(log)).Cosignatures.Where(c => c.Chain == parse.GetValue(shared.Municipality)).Select(c => c.Sequence).DefaultIfEmpty(0).Max()
                : 0;
            using var gateway = shared.Gateway(parse, registry: false);
            var bundle = await gateway.SendAsync(HttpMethod.Get,
                $"admin/v1/municipalities/{Code(parse, shared)}/journal/deletions/{Uri.EscapeDataString(parse.GetValue(referenceOption)!)}{(through > 0 ? $"?through={through}" : "")}", null, ct);
            await File.WriteAllTextAsync(parse.GetValue(bundleOut)!.FullName, bundle.GetRawText(), ct);
            var statement = OfflineJournal.Statement(bundle.GetRawText())!;
            Console.WriteLine($"deletion statement of request {statement.RequestId} (certificate {statement.CertificateNumber ?? "none"}): held {string.Join(", ", statement.Held)}; " +
                string.Join(", ", statement.Zeroed.Select(z => $"{z.Category} zeroed {z.ZeroedAt}")));
            Console.WriteLine($"written to {parse.GetValue(bundleOut)!.FullName}; check it with: journal verify --bundle {parse.GetValue(bundleOut)!.FullName} --trust TRUST --witness LOG");
            return 0;
        }));

        var trustOut = new Option<FileInfo>("--out") { Description = "Where the trust file is written (never overwritten)", Required = true };
        var pin = new Command("pin", "At onboarding: pin the chain's journal public keys in a trust file the city keeps (later keys are followed through their certified rotations)")
            { shared.Municipality, trustOut, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        pin.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            var file = parse.GetValue(trustOut)!;
            if (file.Exists) throw new UsageException($"{file.FullName} exists: a pin is made once, at onboarding; pinning again would trust whatever the server holds now.");
            using var gateway = shared.Gateway(parse, registry: false);
            var keys = (await gateway.SendAsync(HttpMethod.Get, $"admin/v1/municipalities/{Code(parse, shared)}/journal/keys", null, ct))
                .Deserialize<List<Contracts.Signing.PublishedKey>>(OfflineJournal.Json)!
                .Where(k => k.Status != "Revoked").Select(k => new PinnedJournalKey(k.KeyId, k.SubjectPublicKeyInfo)).ToList();
            if (keys.Count == 0) throw new UsageException("The chain has no journal key yet: export the journal once (it signs a checkpoint), then pin.");
            var trust = new JournalTrustFile(parse.GetValue(shared.Municipality)!, keys, JournalEntry.Time(DateTimeOffset.UtcNow));
            await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(trust, OfflineJournal.Json), ct);
            Console.WriteLine($"pinned journal key{(keys.Count > 1 ? "s" : "")} {string.Join(", ", keys.Select(k => k.KeyId))} of chain {trust.Chain} in {file.FullName}");
            return 0;
        }));

        var keyOut = new Option<FileInfo>("--out") { Description = "Where the witness's private key is written (mode 600; never overwritten)", Required = true };
        var witnessKey = new Command("witness-key", "Make a witness key (ECDSA P-256) that only the city holds") { keyOut };
        witnessKey.SetAction(parse => CommandRunner.Run(() =>
        {
            var file = parse.GetValue(keyOut)!;
            if (file.Exists) throw new UsageException($"{file.FullName} exists: a witness keeps its key.");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            PrivateFile.Write(file.FullName, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
            Console.WriteLine($"witness {JournalTrust.WitnessId(key.ExportSubjectPublicKeyInfo())} key written to {file.FullName}");
            return Task.FromResult(0);
        }));

        var keyIn = new Option<FileInfo>("--key") { Description = "The witness's private key (journal witness-key)", Required = true };
        var logIn = new Option<FileInfo>("--log") { Description = "The witness log: read for the last head, appended with the new cosignature", Required = true };
        var post = new Option<bool>("--post") { Description = "Post the cosignature back, so the service shows how far the chain is witnessed" };
        var witness = new Command("witness", "Cosign the chain's newest signed head if it extends the last head this witness cosigned; refuse loudly (exit 5) if it does not")
            { shared.Municipality, keyIn, logIn, trustIn, post, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        witness.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(await File.ReadAllTextAsync(Existing(parse.GetValue(keyIn)!), ct));
            var chain = parse.GetValue(shared.Municipality)!;
            var pinned = parse.GetValue(trustIn) is { } trustFile ? Trust(trustFile, chain) : null;
            var log = WitnessLog.Load(parse.GetValue(logIn)!.FullName);
            var last = log.Last(chain, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
            using var gateway = shared.Gateway(parse, registry: false);
            // From the entry before the last witnessed head: the bundle must start with that head's own entry, unchanged.
            var bundle = (await gateway.SendAsync(HttpMethod.Get, $"admin/v1/municipalities/{Code(parse, shared)}/journal/bundle?after={Math.Max(0, (last?.Sequence ?? 1) - 1)}", null, ct))
                .Deserialize<JournalBundle>(OfflineJournal.Json)!;
            var decision = JournalWitness.Decide(chain, last, bundle, pinned);
            if (decision.Refused)
            {
                Console.Error.WriteLine($"chain {chain}: {decision.Finding}");
                return 5;
            }
            if (decision.Head is not { } head)
            {
                Console.WriteLine($"chain {chain}: {decision.Finding}");
                return 0;
            }
            var cosignature = JournalWitness.Cosign(head, key, DateTimeOffset.UtcNow);
            log.Append(cosignature);
            Console.WriteLine($"chain {chain}: cosigned entry {head.Sequence} ({decision.Finding}); appended to {parse.GetValue(logIn)!.FullName}");
            if (parse.GetValue(post))
            {
                await gateway.SendAsync(HttpMethod.Post, $"admin/v1/municipalities/{Code(parse, shared)}/journal/witnesses", cosignature, ct);
                Console.WriteLine("posted to the service");
            }
            return 0;
        }));

        var bundleIn = new Option<FileInfo>("--bundle") { Description = "A journal bundle (from journal export or journal statement)", Required = true };
        var verifyJournal = new Command("verify",
            "Check a journal bundle offline against what the city holds: verified (0), only self-consistent: neither --trust nor --witness given (3), " +
            "entries altered, removed, reordered or inserted (4), a checkpoint not validly signed, past the last entry, or none (6), truncated (7), " +
            "rewritten or forked (8), a part with no witnessed head (9), unreadable (2)") { bundleIn, trustIn, witnessIn };
        verifyJournal.SetAction(parse => CommandRunner.Run(async () =>
        {
            var bundle = OfflineJournal.Read(await File.ReadAllTextAsync(Existing(parse.GetValue(bundleIn)!)));
            var evidence = new JournalEvidence(
                parse.GetValue(trustIn) is { } trust ? Trust(trust, bundle?.Chain ?? "") : null,
                parse.GetValue(witnessIn) is { } log ? WitnessLog.Load(Existing(log)).Cosignatures : null);
            var (finding, exitCode) = OfflineJournal.Verify(bundle, evidence);
            Console.WriteLine(finding);
            return exitCode;
        }));
        return new Command("journal", "The municipality's tamper-evident journal") { exportJournal, statementJournal, pin, witnessKey, witness, verifyJournal };
    }

    private static string Code(ParseResult parse, SharedOptions shared) => Uri.EscapeDataString(parse.GetValue(shared.Municipality)!);

    private static string Existing(FileInfo file) => file.Exists ? file.FullName : throw new UsageException($"No such file: {file.FullName}");

    private static IReadOnlyList<PinnedJournalKey> Trust(FileInfo file, string chain)
    {
        var trust = OfflineJournal.ReadTrust(File.ReadAllText(Existing(file)));
        return trust.Chain == chain || chain.Length == 0 ? trust.Keys : throw new UsageException($"{file.FullName} pins chain {trust.Chain}, not {chain}.");
    }
}
