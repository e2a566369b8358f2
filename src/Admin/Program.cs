using CertOrleans.Contracts.Time;
using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Admin.Gateway;
using CertOrleans.Admin.Commands;
using CertOrleans.Admin.Demo;
using CertOrleans.Feed;
using CertOrleans.Admin.Verification;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Pki;
using static CertOrleans.Admin.Commands.CommandRunner;

// certorleans-admin: operator commands. Offline ones work on files; the others connect to the silo cluster.
// Commands that change the service go through the gateway's authenticated APIs with a bearer key; the CLI holds no
// cluster connection. Defaults fit ./run.sh: the gateway on 127.0.0.1:5443 and the keys and CA in the data folder.
var shared = new SharedOptions();
var dataOption = shared.Data;
var gatewayOption = shared.GatewayAddress;
var gatewayCaOption = shared.GatewayCa;
var keyFileOption = shared.KeyFile;

var root = new RootCommand("CertOrleans operator commands");

// demo init / demo load
var households = new Option<int>("--households") { Description = "Households in the synthetic city (at least 20)", DefaultValueFactory = _ => 120 };
// The demo's cast comes from the generated people: a card holder in each city, an adult living alone whose 本籍 moves
// to 八王子市, a household of foreign residents. Fewer households may hold none of them.
households.Validators.Add(result =>
{
    if (result.GetValue(households) < 20) result.AddError("--households must be at least 20: the demo's card holders and its 本籍地 resident are chosen from the generated households.");
});
var seed = new Option<int>("--seed") { Description = "Seed of the synthetic city", DefaultValueFactory = _ => 20151112 };
var demoInit = new Command("init", "Create the demo PKI, the synthetic resident files of the demo cities (宇都宮市, 足利市, 八王子市) and test cards (offline, idempotent)") { dataOption, households, seed };
demoInit.SetAction(parse => Run(() =>
{
    DemoSetup.Init(new DemoLayout(parse.GetValue(dataOption)!), parse.GetValue(households), parse.GetValue(seed), Console.Out);
    return Task.FromResult(0);
}));
var demoLoad = new Command("load", "Load the demo cities (each through its own registry key), link the test cards and register the demo terminal (through the running gateway)") { dataOption, gatewayOption, gatewayCaOption };
demoLoad.SetAction((parse, ct) => Run(async () =>
{
    using var admin = shared.Gateway(parse, registry: false);
    await DemoSetup.LoadAsync(new DemoLayout(parse.GetValue(dataOption)!), admin, keyFile => shared.Gateway(parse, keyFile), Console.Out, ct);
    return 0;
}));
var cityHouseholds = new Option<int>("--households") { Description = "Households (230,000 gives about 520,000 residents)", DefaultValueFactory = _ => 230_000 };
var cityOut = new Option<DirectoryInfo>("--out") { Description = "Folder for residents.jsonl and family-registers.jsonl", Required = true };
var demoCity = new Command("city", "Generate a synthetic Utsunomiya-sized city: residents (with seals and tax records) and family registers") { cityHouseholds, seed, cityOut };
demoCity.SetAction(parse => Run(() =>
{
    var folder = parse.GetValue(cityOut)!;
    folder.Create();
    var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var residents = 0;
    // Stream: write each resident as it is generated; registers follow the same households.
    using (var output = new StreamWriter(Path.Combine(folder.FullName, "residents.jsonl")))
    {
        foreach (var entry in DemoCity.Stream(parse.GetValue(cityHouseholds), parse.GetValue(seed), today, singleShare: 0.16, sealSize: 64))
        {
            output.WriteLine(ResidentFile.ToJson(entry));
            if (++residents % 50_000 == 0) Console.Error.WriteLine($"… {residents:N0} residents ({watch.Elapsed.TotalSeconds:F0} s)");
        }
    }
    var registers = 0;
    using (var output = new StreamWriter(Path.Combine(folder.FullName, "family-registers.jsonl")))
    {
        foreach (var register in DemoCity.StreamFamilyRegisters(DemoCity.Stream(parse.GetValue(cityHouseholds), parse.GetValue(seed), today, singleShare: 0.16, sealSize: 64)))
        {
            output.WriteLine(FamilyRegisterFile.ToJson(register));
            registers++;
        }
    }
    Console.WriteLine($"{residents:N0} residents in {parse.GetValue(cityHouseholds):N0} households and {registers:N0} family registers written to {folder.FullName} in {watch.Elapsed.TotalSeconds:F0} s");
    return Task.FromResult(0);
}));
var demoCrl = new Command("crl", "Publish the demo card CA's revocation list again, valid for two more days (offline; ./run.sh does it every hour)") { dataOption };
demoCrl.SetAction(parse => Run(() =>
{
    DemoCardAuthority.Publish(new DemoLayout(parse.GetValue(dataOption)!), [], Console.Out);
    return Task.FromResult(0);
}));
var revokeLabel = new Argument<string>("label") { Description = "The card's label in cards/manifest.json (demo, demo-092029, …)" };
var demoRevoke = new Command("revoke-card", "Revoke a demo card at the card CA, as J-LIS does when a card is reported lost, and publish the list (offline: no call to the service)") { revokeLabel, dataOption };
demoRevoke.SetAction(parse => Run(() =>
{
    DemoCardAuthority.Revoke(new DemoLayout(parse.GetValue(dataOption)!), parse.GetValue(revokeLabel)!, Console.Out);
    return Task.FromResult(0);
}));
root.Subcommands.Add(new Command("demo", "The demo city") { demoInit, demoLoad, demoCity, demoCrl, demoRevoke });

// residents import, family-registers import
var initialOption = new Option<bool>("--initial") { Description = "Initial load: residents not stored yet are bulk-inserted (only while no kiosk is served)" };
Command ImportCommand(string what, string batch)
{
    var file = new Argument<FileInfo>("file") { Description = $"A {what} file (JSON Lines, see docs/registry-feed.md)" };
    var command = new Command("import", $"Send a {what} file to the registry feed; bad lines are rejected with their line numbers (exit code 3)")
        { file, initialOption, dataOption, gatewayOption, gatewayCaOption, keyFileOption };
    command.SetAction((parse, ct) => Run(async () =>
    {
        var path = parse.GetValue(file)!;
        if (!path.Exists) throw new UsageException($"No such file: {path.FullName}");
        using var gateway = shared.Gateway(parse, registry: true);
        var progress = new ImportProgress(Console.Error);
        var report = await gateway.PostBatchAsync($"registry/v1/batches/{batch}{(parse.GetValue(initialOption) ? "?initial=true" : "")}", path.FullName, progress.Record, ct);
        foreach (var error in report.Rejected) Console.Error.WriteLine($"line {error.Line}: rejected: {error.Message}");
        Console.WriteLine($"{report.Total} records: {report.Applied} applied, {report.Duplicate} duplicate, {report.Stale} stale, {report.Rejected.Count} rejected " +
            $"in {progress.Elapsed.TotalSeconds:F1} s ({report.Total / Math.Max(progress.Elapsed.TotalSeconds, 0.001):F0} records/s)");
        return report.Rejected.Count == 0 ? 0 : 3;
    }));
    return command;
}
var import = ImportCommand("resident", "residents");
root.Subcommands.Add(new Command("residents", "Resident data") { import });

var importRegisters = ImportCommand("family register", "family-registers");
root.Subcommands.Add(new Command("family-registers", "戸籍 data") { importRegisters });

// cards issue / revoke / unlink
var residentOption = new Option<string>("--resident") { Description = "Resident id: <municipality code>-<resident number>", Required = true };
var pinOption = new Option<string>("--pin") { Description = "The card's 4-digit PIN", Required = true };
var outOption = new Option<FileInfo>("--out") { Description = "Where to write the card file", Required = true };
var cardOption = new Option<FileInfo>("--card") { Description = "A test card file", Required = true };
var issueCard = new Command("issue", "Issue a test My Number card from the card CA and link it to a resident (through the gateway)")
    { residentOption, pinOption, outOption, dataOption, gatewayOption, gatewayCaOption, keyFileOption };
issueCard.SetAction((parse, ct) => Run(async () =>
{
    var resident = Parsing.ParseResident(parse.GetValue(residentOption)!);
    var pin = parse.GetValue(pinOption)!;
    if (!SoftwareCard.IsWellFormedPin(pin)) throw new UsageException("A card PIN is exactly four digits.");
    var layout = new DemoLayout(parse.GetValue(dataOption)!);
    using var ca = CertificateAuthority.Load(layout.CaCertificate("card"), layout.CaKey("card"));
    var now = DateTimeOffset.UtcNow;
    var card = SoftwareCard.Issue(ca, pin, now.AddDays(-1), now.AddYears(5));
    using var gateway = shared.Gateway(parse, registry: false);
    await gateway.SendAsync(HttpMethod.Put, $"admin/v1/cards/{card.Certificate.SerialNumber}", new { resident.MunicipalityCode, resident.ResidentNumber }, ct);
    card.Save(parse.GetValue(outOption)!.FullName);
    Console.WriteLine($"card {card.Certificate.SerialNumber} issued to {parse.GetValue(outOption)!.FullName}");
    return 0;
}));
var revokeCard = new Command("revoke", "Revoke a card (through the gateway)") { cardOption, dataOption, gatewayOption, gatewayCaOption, keyFileOption };
revokeCard.SetAction((parse, ct) => Run(async () =>
{
    var card = SoftwareCard.Load(parse.GetValue(cardOption)!.FullName);
    using var gateway = shared.Gateway(parse, registry: false);
    await gateway.SendAsync(HttpMethod.Post, $"admin/v1/cards/{card.Certificate.SerialNumber}/revoke", null, ct);
    Console.WriteLine($"card {card.Certificate.SerialNumber} revoked");
    return 0;
}));
var unlinkCard = new Command("unlink", "Unlink a card from its holder (through the gateway; a key for the holder's municipality)") { cardOption, dataOption, gatewayOption, gatewayCaOption, keyFileOption };
unlinkCard.SetAction((parse, ct) => Run(async () =>
{
    var card = SoftwareCard.Load(parse.GetValue(cardOption)!.FullName);
    using var gateway = shared.Gateway(parse, registry: false);
    await gateway.SendAsync(HttpMethod.Delete, $"admin/v1/cards/{card.Certificate.SerialNumber}", null, ct);
    Console.WriteLine($"card {card.Certificate.SerialNumber} unlinked");
    return 0;
}));
root.Subcommands.Add(new Command("cards", "Test My Number cards") { issueCard, revokeCard, unlinkCard });

// terminals issue / register / suspend / resume
var terminalIdOption = new Option<string>("--id") { Description = "Terminal id (the CN of its client certificate)", Required = true };
var operatorOption = new Option<string>("--operator") { Description = "Store operator", Required = true };
var storeOption = new Option<string>("--store") { Description = "Store name", Required = true };
var issueTerminal = new Command("issue", "Issue a terminal client certificate (PKCS#12) from the terminal CA") { terminalIdOption, outOption, dataOption };
issueTerminal.SetAction(parse => Run(() =>
{
    var layout = new DemoLayout(parse.GetValue(dataOption)!);
    using var ca = CertificateAuthority.Load(layout.CaCertificate("terminal"), layout.CaKey("terminal"));
    using var certificate = ca.IssueTerminalCertificate(parse.GetValue(terminalIdOption)!);
    PrivateFile.Write(parse.GetValue(outOption)!.FullName, certificate.Export(X509ContentType.Pkcs12));
    Console.WriteLine($"terminal certificate written to {parse.GetValue(outOption)!.FullName}");
    return Task.FromResult(0);
}));
var register = new Command("register", "Register a terminal (through the gateway; cluster operators)") { terminalIdOption, operatorOption, storeOption, dataOption, gatewayOption, gatewayCaOption, keyFileOption };
register.SetAction((parse, ct) => Run(async () =>
{
    using var gateway = shared.Gateway(parse, registry: false);
    await gateway.SendAsync(HttpMethod.Put, $"admin/v1/terminals/{Uri.EscapeDataString(parse.GetValue(terminalIdOption)!)}",
        new { storeOperator = parse.GetValue(operatorOption), storeName = parse.GetValue(storeOption) }, ct);
    Console.WriteLine($"terminal {parse.GetValue(terminalIdOption)} registered");
    return 0;
}));
Command TerminalSwitch(string name, string description)
{
    var command = new Command(name, description) { terminalIdOption, dataOption, gatewayOption, gatewayCaOption, keyFileOption };
    command.SetAction((parse, ct) => Run(async () =>
    {
        using var gateway = shared.Gateway(parse, registry: false);
        await gateway.SendAsync(HttpMethod.Post, $"admin/v1/terminals/{Uri.EscapeDataString(parse.GetValue(terminalIdOption)!)}/{name}", null, ct);
        Console.WriteLine($"terminal {parse.GetValue(terminalIdOption)}: {name} done");
        return 0;
    }));
    return command;
}
root.Subcommands.Add(new Command("terminals", "Store terminals")
{
    issueTerminal,
    register,
    TerminalSwitch("suspend", "Suspend a terminal (through the gateway; cluster operators)"),
    TerminalSwitch("resume", "Resume a suspended terminal (through the gateway; cluster operators)"),
});

root.Subcommands.Add(JournalCommands.Create(shared));
root.Subcommands.Add(ReportCommands.Create(shared));
root.Subcommands.Add(StaffCommands.Create(shared));
root.Subcommands.Add(KeyCommands.Create(shared));
root.Subcommands.Add(BuildCommands.Create(shared));

// verify: offline, with the published public keys (GET /verify/v1/keys/{municipality}), nothing else.
var pdfOption = new Option<FileInfo?>("--pdf") { Description = "The certificate PDF" };
var codeOption = new Option<string?>("--code") { Description = "A scanned verification code (with --content-file)" };
var contentOption = new Option<FileInfo?>("--content-file") { Description = "What the code signs (with --code): a CO2 code's signed content, or a CO1 code's printed text" };
var keysOption = new Option<FileInfo>("--keys") { Description = "Public issuing keys as published at /verify/v1/keys/{municipality}", Required = true };
var voidListOption = new Option<FileInfo?>("--void-list") { Description = "The municipality's signed void list as published at /verify/v1/void-list/{municipality}" };
var verify = new Command("verify", "Check a certificate offline: genuine (0), altered (4), unknown key (5), revoked key (6), void (7), unreadable (2)")
    { pdfOption, codeOption, contentOption, keysOption, voidListOption };
verify.SetAction(parse => Run(() =>
{
    var keysFile = parse.GetValue(keysOption)!;
    if (!keysFile.Exists) throw new UsageException($"No such file: {keysFile.FullName}");
    var keys = OfflineVerification.ReadKeys(File.ReadAllText(keysFile.FullName));
    CertOrleans.Pki.Verification.CertificateReading reading;
    if (parse.GetValue(pdfOption) is { } pdf)
    {
        if (!pdf.Exists) throw new UsageException($"No such file: {pdf.FullName}");
        // Offline, the operator chose the file: no limits beyond the reader's own.
        reading = CertOrleans.Pki.Verification.PdfCertificateReader.Read(File.ReadAllBytes(pdf.FullName), new CertOrleans.Pki.Verification.PdfLimits(MaxPages: 1_000, MaxObjects: 1_000_000, MaxDecodedBytes: long.MaxValue, MaxSeconds: double.MaxValue));
    }
    else if (parse.GetValue(codeOption) is { } given && parse.GetValue(contentOption) is { Exists: true } text)
    {
        var content = File.ReadAllText(text.FullName);
        reading = new(given, content, 0, content);
    }
    else
    {
        throw new UsageException("Give --pdf FILE, or --code CODE with --content-file FILE.");
    }
    var voidList = parse.GetValue(voidListOption) is { } listFile
        ? (listFile.Exists ? OfflineVerification.ReadVoidList(File.ReadAllText(listFile.FullName), keys) : throw new UsageException($"No such file: {listFile.FullName}"))
        : null;
    var (result, exitCode) = OfflineVerification.Verify(reading, keys, voidList);
    Console.WriteLine(result);
    return Task.FromResult(exitCode);
}));
root.Subcommands.Add(verify);

return await root.Parse(args).InvokeAsync();
