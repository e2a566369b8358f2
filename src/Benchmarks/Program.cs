using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CertOrleans.Admin.Demo;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Benchmarks;
using CertOrleans.Rendering;
using CertOrleans.Pki.Verification;
using CertOrleans.Documents.Certificates;

// certorleans-bench render: how long each certificate type takes to lay out, sign and save as PDF, on this
// machine, one thread: wall time, process CPU and bytes allocated per render. Not part of ./test.sh.
var iterations = new Option<int>("--iterations") { Description = "Renders per type (after warm-up)", DefaultValueFactory = _ => 100 };
var root = new RootCommand("CertOrleans benchmarks");
var render = new Command("render", "Median and p95 time to render each certificate type") { iterations };
render.SetAction(async parse =>
{
    var n = parse.GetValue(iterations);
    if (n < 1) { Console.Error.WriteLine("--iterations must be at least 1"); return 2; }
    var today = new DateOnly(2026, 11, 26);
    var city = DemoCity.Generate(40, 20151112, today);
    var applicant = city.First(e => e.Seal is not null && e.Taxes.Count > 0 && e.Record.Foreign is null && e.Record.FamilyRegisterNumber is not null);
    var register = DemoCity.FamilyRegisters(city).Single(r => r.RegisterNumber == applicant.Record.FamilyRegisterNumber);
    var householdNumber = applicant.Record.HouseholdNumber;
    var household = city.Where(e => e.Record.HouseholdNumber == householdNumber).Select(e => e.Record).ToList();
    var municipality = new MunicipalityConfiguration
    {
        Name = "宇都宮市", Prefecture = "栃木県", MayorTitle = "宇都宮市長", MayorName = "鬼怒川　誠",
        Fees = CertificateTypes.All.ToDictionary(t => t.Code(), _ => 200),
    };
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    var cases = new (string Name, CertificateType Type, CertificateOptions Options)[]
    {
        ("住民票の写し (本人)", CertificateType.ResidentRecordCopy, CertificateOptions.Default),
        ($"住民票の写し (世帯全員, {household.Count}人)", CertificateType.ResidentRecordCopy, new CertificateOptions(WholeHousehold: true)),
        ("住民票記載事項証明書", CertificateType.ResidentRecordItems, CertificateOptions.Default),
        ("印鑑登録証明書", CertificateType.SealRegistration, CertificateOptions.Default),
        ("所得・課税証明書", CertificateType.IncomeTax, CertificateOptions.Default),
        ($"戸籍全部事項証明書 ({register.Members.Count}人)", CertificateType.FamilyRegisterAll, CertificateOptions.Default),
        ("戸籍個人事項証明書", CertificateType.FamilyRegisterIndividual, CertificateOptions.Default),
        ("戸籍の附票の写し", CertificateType.FamilyRegisterAddresses, CertificateOptions.Default),
    };
    async Task<RenderedCertificate> Render(CertificateType type, CertificateOptions options)
    {
        var number = CertificateNumbers.New("092011", today);
        var content = new CertificateContent("q-bench", applicant.Record.Key, type, options, number, today, 1, municipality,
            new CertificatePreparation(null, applicant.Record, applicant.Seal, applicant.Taxes[0], register), household);
        return await CertificateRenderer.RenderAsync(content, digest =>
        {
            var part = VerificationCode.SignedPart(number, type.Code(), "092011", DateTimeOffset.UtcNow, 1, digest);
            var signature = key.SignData(part, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return Task.FromResult(new VerificationCode(number, type.Code(), "092011", DateTimeOffset.UtcNow, 1, digest, signature).ToString());
        });
    }
    // Every type is rendered for a few seconds before any is measured: tiered JIT settles only after a method has run
    // many times and a quiet moment has passed, so 50 renders of the first type measured that type with unsettled code.
    const int warmUp = 400;
    for (var i = 0; i < warmUp; i++)
        foreach (var (_, type, options) in cases) await Render(type, options);
    Console.WriteLine($"render benchmark: {n} renders per type after {warmUp} warm-up renders of each; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");
    Console.WriteLine($"{"type",-36} {"median ms",10} {"p95 ms",8} {"CPU ms",7} {"proc CPU",8} {"alloc KB",9} {"pages",6} {"bytes",8} {"1 thr/s",8} {"2 thr/s",8}");
    foreach (var (name, type, options) in cases)
    {
        Task<RenderedCertificate> Once() => Render(type, options);
        var times = new List<double>();
        var threadTimes = new List<double>();
        RenderedCertificate last = null!;
        // The median of each render's thread CPU (steady while another process shares the cores), the process CPU over
        // the serial renders (GC and JIT threads included), and this thread's allocations.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            var watch = Stopwatch.StartNew();
            var threadBefore = ThreadCpu.Milliseconds();
            last = await Once();
            threadTimes.Add(ThreadCpu.Milliseconds() - threadBefore);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / n;
        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 1024.0 / n;
        // Throughput with two renders at once: tells whether renders can use both cores.
        var parallel = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < n / 2; i++) await Once();
        })));
        var parallelRate = (n / 2 * 2) / parallel.Elapsed.TotalSeconds;
        times.Sort();
        threadTimes.Sort();
        var median = times[times.Count / 2];
        var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {median,10:F2} {p95,8:F2} {threadTimes[threadTimes.Count / 2],7:F2} {cpu,8:F2} {allocated,9:F0} {last.PageCount,6} {last.Pdf.Length,8} {1000 / median,8:F0} {parallelRate,8:F0}"));
    }
    return 0;
});
root.Subcommands.Add(render);

var storeOption = new Option<string>("--store") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
var postgresOption = new Option<string?>("--postgres") { Description = "PostgreSQL server connection string (a fresh database is created on it)" };
var cityOption = new Option<DirectoryInfo>("--city") { Description = "Folder with residents.jsonl from `CertOrleans.Admin.dll demo city`", Required = true };
var limitOption = new Option<int>("--limit") { Description = "Load only the first N residents (0: all)", DefaultValueFactory = _ => 0 };
var touchOption = new Option<int>("--touch") { Description = "After the load, activate this many residents and report memory", DefaultValueFactory = _ => 100_000 };
var gcdumpOption = new Option<DirectoryInfo?>("--gcdump") { Description = "Write heap dumps (dotnet-gcdump) before and after the residents are touched into this folder" };
var load = new Command("load", "Residents/second through the batch path beside the raw upsert rate of the same database") { storeOption, postgresOption, cityOption, limitOption, touchOption, gcdumpOption };
load.SetAction(parse => CertOrleans.Benchmarks.LoadBenchmark.RunAsync(parse.GetValue(storeOption)!, parse.GetValue(postgresOption), parse.GetValue(cityOption)!, parse.GetValue(limitOption), parse.GetValue(touchOption), Console.Out, parse.GetValue(gcdumpOption)));
root.Subcommands.Add(load);

var kiosksOption = new Option<string>("--kiosks") { Description = "Virtual kiosks at once; several runs with a comma-separated list", DefaultValueFactory = _ => "64,256" };
var secondsOption = new Option<int>("--seconds") { Description = "Length of each phase (floor, flows)", DefaultValueFactory = _ => 20 };
var oracleOption = new Option<bool>("--no-oracle") { Description = "Skip reading every PDF back (the oracle costs CPU on the same machine)" };
var rateOption = new Option<double?>("--rate") { Description = "Offer this many flows per second over all kiosks (default: as fast as they go)" };
var flows = new Command("flows", "Whole kiosk flows over HTTPS beside the floor of a trivial request, with the mix-up oracle") { kiosksOption, secondsOption, oracleOption, rateOption };
flows.SetAction(parse =>
{
    var counts = parse.GetValue(kiosksOption)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(k => int.TryParse(k, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToList();
    if (counts.Count == 0 || counts.Contains(-1))
    {
        Console.Error.WriteLine("--kiosks must be a positive number or a comma-separated list of them");
        return Task.FromResult(2);
    }
    if (parse.GetValue(rateOption) is <= 0)
    {
        Console.Error.WriteLine("--rate must be a positive number of flows per second");
        return Task.FromResult(2);
    }
    return CertOrleans.Benchmarks.FlowBenchmark.RunAsync(counts, TimeSpan.FromSeconds(parse.GetValue(secondsOption)), !parse.GetValue(oracleOption), parse.GetValue(rateOption), Console.Out);
});
root.Subcommands.Add(flows);
var activeOption = new Option<int>("--max-active") { Description = "Gateway:Admission:MaxActiveFlows for the run", DefaultValueFactory = _ => 32 };
var overloadSeconds = new Option<int>("--overload-seconds") { Description = "How long three times the capacity is offered", DefaultValueFactory = _ => 60 };
var overload = new Command("overload", "Three times the measured capacity from two municipalities (10:1), with the oracle: shedding and fair shares")
    { kiosksOption, secondsOption, overloadSeconds, activeOption };
overload.SetAction(parse =>
{
    if (!int.TryParse(parse.GetValue(kiosksOption), CultureInfo.InvariantCulture, out var kiosks) || kiosks < 1 || parse.GetValue(activeOption) < 1 || parse.GetValue(overloadSeconds) < 1)
    {
        Console.Error.WriteLine("--kiosks must be one positive number; --max-active and --overload-seconds positive");
        return Task.FromResult(2);
    }
    return CertOrleans.Benchmarks.OverloadBenchmark.RunAsync(kiosks, TimeSpan.FromSeconds(parse.GetValue(secondsOption)), TimeSpan.FromSeconds(parse.GetValue(overloadSeconds)), parse.GetValue(activeOption), Console.Out);
});
root.Subcommands.Add(overload);
root.Subcommands.Add(CertOrleans.Benchmarks.Fleet.DriveCommand.Create());
root.Subcommands.Add(CertOrleans.Benchmarks.Fleet.OutsiderCommand.Create());
root.Subcommands.Add(CertOrleans.Benchmarks.Fleet.CostCommand.Create());
return await root.Parse(args).InvokeAsync();
