using CertOrleans.Contracts.Time;
using CertOrleans.Grains.Cards;
using CertOrleans.Grains.Time;
using CertOrleans.SiloHosting;
using CertOrleans.Grains.Lifecycle;
using CertOrleans.Storage.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace CertOrleans.Tests.Support;

/// <summary>
/// An in-process Orleans cluster configured exactly like the production silo (AddCertOrleans), on a SQLite
/// file in a temporary data folder, with a fake clock that drives both the grains' deadlines and their timers.
/// </summary>
public sealed class TestClusterHost : IAsyncDisposable
{
    public const string ServiceId = "certorleans-tests";

    private TestClusterHost(InProcessTestCluster cluster, TestStore store, FakeTimeProvider time, CapturedLogs logs, GrainCallCounter calls)
    {
        Logs = logs;
        Calls = calls;
        Cluster = cluster;
        Store = store;
        Time = time;
    }

    public InProcessTestCluster Cluster { get; }
    public TestStore Store { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>Everything the silos logged at Debug level and above.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>Every grain call the silos received.</summary>
    public GrainCallCounter Calls { get; }
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Registers store terminals: a request grain serves only a registered terminal that is not suspended.</summary>
    public async Task RegisterTerminalsAsync(params string[] terminalIds)
    {
        foreach (var id in terminalIds)
            await Grains.GetGrain<Contracts.Terminals.ITerminalGrain>(id).Register(new Contracts.Terminals.TerminalRegistration("Test Mart", $"テストマート {id}"), "test");
    }

    public ILifecycleJournal Journal => Cluster.GetSiloServiceProvider().GetRequiredService<ILifecycleJournal>();

    public static IConfiguration Configuration(TestStore store) => new ConfigurationBuilder().AddInMemoryCollection(store.Settings).AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Municipalities:092011:Name"] = "宇都宮市",
        ["Municipalities:092011:Prefecture"] = "栃木県",
        ["Municipalities:092011:MayorTitle"] = "宇都宮市長",
        ["Municipalities:092011:MayorName"] = "試験　太郎",
        ["Municipalities:092011:Fees:juminhyo"] = "200",
        ["Municipalities:092011:Fees:juminhyo-items"] = "200",
        ["Municipalities:092011:Fees:inkan"] = "200",
        ["Municipalities:092011:Fees:shotoku-kazei"] = "250",
        ["Municipalities:092011:Fees:koseki-zenbu"] = "450",
        ["Municipalities:092011:Fees:koseki-kojin"] = "450",
        ["Municipalities:092011:Fees:koseki-fuhyo"] = "300",
        // Tests run at any hour: 戸籍 hours here are the national window; office hours are tested on their own.
        ["Municipalities:092011:FamilyRegisterOpens"] = "06:30",
        ["Municipalities:092011:FamilyRegisterCloses"] = "23:00",
        ["Municipalities:092011:FamilyRegisterWeekdaysOnly"] = "false",
        // The council's figures: ¥123 a sheet to the store, the city's monthly running cost (¥21.7M a year) in three items.
        ["Municipalities:092011:Commissions:0:StoreOperator"] = "*",
        ["Municipalities:092011:Commissions:0:Yen"] = "123",
        ["Municipalities:092011:Commissions:0:From"] = "2016-10-01",
        ["Municipalities:092011:MonthlyFixedCosts:証明書交付サーバ運用"] = "1100000",
        ["Municipalities:092011:MonthlyFixedCosts:J-LIS負担金"] = "300000",
        ["Municipalities:092011:MonthlyFixedCosts:保守"] = "408333",
        // A second city, for what one city's staff must not see of another's.
        ["Municipalities:132012:Name"] = "八王子市",
        ["Municipalities:132012:Prefecture"] = "東京都",
        ["Municipalities:132012:MayorTitle"] = "八王子市長",
        ["Municipalities:132012:MayorName"] = "試験　次郎",
        ["Municipalities:132012:Fees:juminhyo"] = "300",
        // …whose 所得・課税証明書 names the 都民税, where 宇都宮市's names the 県民税.
        ["Municipalities:132012:Fees:shotoku-kazei"] = "300",
        // …and the 本籍地 of residents of the first: its 戸籍 at its own fees, registrations approved by its automatic policy.
        ["Municipalities:132012:Fees:koseki-zenbu"] = "400",
        ["Municipalities:132012:Fees:koseki-kojin"] = "400",
        ["Municipalities:132012:FamilyRegisterOpens"] = "06:30",
        ["Municipalities:132012:FamilyRegisterCloses"] = "23:00",
        ["Municipalities:132012:FamilyRegisterWeekdaysOnly"] = "false",
        ["Municipalities:132012:DomicileRegistration"] = "Automatic",
        // Printed QR codes carry the verification page's address with the code, as a city's would.
        ["Verification:PublicUrl"] = "https://verify.example.test/verify",
        ["Requests:ChallengeLifetime"] = "00:02:00",
        // The test run's card CA publishes its list here; read again often, so a revocation shows within a test.
        ["Cards:Revocation:CrlFile"] = TestCardAuthority.CrlFile,
        ["Cards:Revocation:RefreshInterval"] = "00:00:00.2",
        ["Requests:StepTimeout"] = "00:03:00",
        ["Requests:RequestTimeout"] = "00:10:00",
        // Grain timers run on Orleans' real clock: a short interval lets them see the fake clock's jumps at once.
        ["Requests:SweepInterval"] = "00:00:00.1",
    }).Build();

    /// <summary>Starts a cluster (on SQLite unless told otherwise); pass an earlier cluster's store to restart on the same data.</summary>
    public static async Task<TestClusterHost> StartAsync(TestStore? store = null, short silos = 1)
    {
        store ??= TestStore.Sqlite();
        var configuration = Configuration(store);
        var time = new FakeTimeProvider(OpenInstantFrom(DateTimeOffset.UtcNow));
        var builder = new InProcessTestClusterBuilder(silos);
        // A fixed ServiceId: grain state is keyed by it, so a restarted cluster must use the same one.
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        var logs = new CapturedLogs();
        var calls = new GrainCallCounter();
        builder.ConfigureSiloHost((_, host) =>
        {
            // The service's clock only: Orleans keeps the real one (a fake clock hours ahead cancels its start).
            host.Services.AddSingleton(new ServiceClock(time));
            // Every test PKI issues its cards from the one card CA of this test run.
            host.Services.AddSingleton(new CardTrust(TestPki.SharedCardCa.Certificate));
            host.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        });
        builder.ConfigureSilo((_, silo) => silo.AddCertOrleans(configuration).AddIncomingGrainCallFilter(calls));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TestClusterHost(cluster, store, time, logs, calls);
    }

    /// <summary>
    /// The fake clock starts at an instant when the store service is open (07:00–21:00 JST, not 12/29–1/3),
    /// now or later, so the suite passes whenever CI runs it; it only ever moves forward, so certificates
    /// issued from real time stay valid.
    /// </summary>
    public static DateTimeOffset OpenInstantFrom(DateTimeOffset now)
    {
        var jst = JapanTime.Offset;
        var local = now.ToOffset(jst);
        static bool YearEnd(DateOnly d) => (d.Month == 12 && d.Day >= 29) || (d.Month == 1 && d.Day <= 3);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (!YearEnd(today) && local.TimeOfDay >= TimeSpan.FromHours(7) && local.TimeOfDay < TimeSpan.FromHours(21)) return now;
        var day = local.TimeOfDay >= TimeSpan.FromHours(7) ? today.AddDays(1) : today;
        while (YearEnd(day)) day = day.AddDays(1);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), jst);
    }

    /// <summary>Moves the fake clock and gives the grain timers that became due a moment to run.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Task.Delay(300);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
