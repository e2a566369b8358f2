using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Gateway;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Tests.Support;

/// <summary>
/// The real gateway on a loopback HTTPS port with client-certificate authentication, in front of an
/// in-process cluster configured like production. Terminals and cards come from the test PKI.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly short silos;
    private readonly string store;

    public GatewayFixture() : this(1, "sqlite")
    {
    }

    protected GatewayFixture(short silos, string store)
    {
        this.silos = silos;
        this.store = store;
    }

    public const string Terminal = "kiosk-test-0001";
    public const string OtherTerminal = "kiosk-test-0002";
    public const string SuspendedTerminal = "kiosk-test-0003";
    public const string UnregisteredTerminal = "kiosk-test-9999";
    public const string AdminKey = "test-admin-key-7f3a";
    public const string RegistryKey = "test-registry-key-91c2";
    /// <summary>A municipal administrator of 宇都宮市 only.</summary>
    public const string CityAdminKey = "test-city-admin-key-5d10";
    /// <summary>宇都宮市's registry system: writes 宇都宮市's records only.</summary>
    public const string CityRegistryKey = "test-city-registry-key-0e77";

    /// <summary>Console accounts, one per person (and per test: a TOTP code is accepted once).</summary>
    public static readonly IReadOnlyDictionary<string, (CertOrleans.Staff.StaffAccount Account, string Password)> Staff = new[]
    {
        CertOrleans.Staff.StaffAccounts.Create("sato", CertOrleans.Staff.StaffAccount.Administrator, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("tanaka", CertOrleans.Staff.StaffAccount.Administrator, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("yamada", CertOrleans.Staff.StaffAccount.Administrator, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("kimura", CertOrleans.Staff.StaffAccount.Staff, ["132012"]),
        CertOrleans.Staff.StaffAccounts.Create("kobayashi", CertOrleans.Staff.StaffAccount.Administrator, ["132012"]),
        CertOrleans.Staff.StaffAccounts.Create("matsumoto", CertOrleans.Staff.StaffAccount.Staff, ["132012"]),
        CertOrleans.Staff.StaffAccounts.Create("ito", CertOrleans.Staff.StaffAccount.Staff, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("watanabe", CertOrleans.Staff.StaffAccount.Administrator, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("nakamura", CertOrleans.Staff.StaffAccount.Operator, ["*"]),
        CertOrleans.Staff.StaffAccounts.Create("suzuki", CertOrleans.Staff.StaffAccount.Administrator, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("takahashi", CertOrleans.Staff.StaffAccount.Administrator, ["132012"]),
        CertOrleans.Staff.StaffAccounts.Create("inoue", CertOrleans.Staff.StaffAccount.Staff, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("kato", CertOrleans.Staff.StaffAccount.Staff, ["092011"]),
        CertOrleans.Staff.StaffAccounts.Create("hayashi", CertOrleans.Staff.StaffAccount.Administrator, ["132012"]),
    }.ToDictionary(a => a.Account.User, a => a);

    private static readonly string StaffFile = WriteStaffFile();

    private static string WriteStaffFile()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-staff-").FullName, "staff.json");
        File.WriteAllText(file, CertOrleans.Staff.StaffAccounts.Serialize(Staff.Values.Select(s => s.Account)));
        return file;
    }

    private WebApplication app = null!;
    private int next;

    public TestClusterHost Host { get; private set; } = null!;
    public TestPki Pki { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestClusterHost.StartAsync(TestStore.Create(store), silos);
        app = BuildGateway();
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/");

        await Host.Grains.GetGrain<ITerminalGrain>(Terminal).Register(new TerminalRegistration("Test Mart", "テストマート駅前店"), "test");
        await Host.Grains.GetGrain<ITerminalGrain>(OtherTerminal).Register(new TerminalRegistration("Test Mart", "テストマート本町店"), "test");
        await Host.Grains.GetGrain<ITerminalGrain>(SuspendedTerminal).Register(new TerminalRegistration("Test Mart", "テストマート休止店"), "test");
        await Host.Grains.GetGrain<ITerminalGrain>(SuspendedTerminal).Suspend("test");
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await Host.DisposeAsync();
        Pki.Dispose();
    }

    /// <summary>A gateway configured like the fixture's, in front of the same cluster, with <paramref name="settings"/> on top.</summary>
    public WebApplication BuildGateway(IReadOnlyDictionary<string, string>? settings = null)
    {
        return GatewayApplication.Build(["--urls", "https://127.0.0.1:0"], new GatewayApplication.Settings
        {
            UseOrleansClient = false,
            Certificates = Pki.GatewayCertificates(),
            Configure = builder =>
            {
                static string Hash(string key) => CertOrleans.Gateway.Security.ApiKeyAuthentication.Hash(key);
                builder.Configuration["Gateway:Admin:KeyHashes:0"] = $"{Hash(AdminKey)} cluster-operator *";
                builder.Configuration["Gateway:Admin:KeyHashes:1"] = $"{Hash(CityAdminKey)} municipal-administrator 092011";
                builder.Configuration["Gateway:Registry:KeyHashes:0"] = $"{Hash(RegistryKey)} registry-writer *";
                builder.Configuration["Gateway:Registry:KeyHashes:1"] = $"{Hash(CityRegistryKey)} registry-writer 092011";
                builder.Configuration["Gateway:Console:AccountsFile"] = StaffFile;
                // Every test comes from 127.0.0.1 and shares two terminals and four keys: the limits are tested on gateways of their own.
                builder.Configuration["Gateway:RateLimits:VerifyPermitsPerMinute"] = "100000";
                builder.Configuration["Gateway:RateLimits:TerminalPermitsPerSecond"] = "100000";
                builder.Configuration["Gateway:RateLimits:TerminalBurst"] = "100000";
                builder.Configuration["Gateway:RateLimits:CredentialPermitsPerSecond"] = "100000";
                builder.Configuration["Gateway:RateLimits:CredentialBurst"] = "100000";
                builder.Configuration["Gateway:RateLimits:UploadChecksAtOnce"] = "4";
                builder.Configuration["Gateway:RateLimits:UploadChecksQueue"] = "1000";
                builder.Configuration["Gateway:RateLimits:UploadChecksPerSecond"] = "100000";
                builder.Services.AddSingleton<IClusterClient>(Host.Cluster.Client);
                builder.Services.AddSingleton<IGrainFactory>(Host.Cluster.Client);
                builder.Services.AddSingleton<TimeProvider>(Host.Time);
                builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Host.Logs);
                foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
            },
        });
    }

    /// <summary>A second gateway with its own limits; its clients are made by <see cref="Client"/> with its address.</summary>
    public async Task<(WebApplication App, Uri Address)> StartGatewayAsync(IReadOnlyDictionary<string, string> settings)
    {
        var gateway = BuildGateway(settings);
        await gateway.StartAsync();
        return (gateway, new Uri(gateway.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/"));
    }

    /// <summary>An HTTPS client that presents <paramref name="terminalId"/>'s certificate (or none).</summary>
    public HttpClient Client(string? terminalId = Terminal, CertificateAuthority? terminalCa = null, int maxConnections = 16, Uri? gateway = null)
    {
        var address = gateway ?? BaseAddress;
        var root = X509CertificateLoader.LoadCertificate(Pki.GatewayCa.Certificate.RawData);
        if (terminalId is null)
        {
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is X509Certificate2 server && CertificateChain.ChainsTo(server, root, DateTimeOffset.UtcNow);
            return new HttpClient(handler) { BaseAddress = address };
        }
        return GatewayHttp.Create(address, Pki.IssueTerminal(terminalId, terminalCa), root, maxConnections);
    }

    public KioskClient Kiosk(string terminalId = Terminal) => new(Client(terminalId));

    /// <summary>An HTTPS client with no terminal certificate that presents a bearer key (admin or registry).</summary>
    public HttpClient BearerClient(string key, Uri? gateway = null)
    {
        var http = Client(terminalId: null, gateway: gateway);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>
    /// A folder holding this gateway's CA and <paramref name="key"/> as files, as an operator's machine would, and
    /// the admin CLI's arguments that name them.
    /// </summary>
    public (string Folder, string[] Arguments) AdminCliFolder(string key)
    {
        var folder = Directory.CreateTempSubdirectory("certorleans-cli-").FullName;
        var ca = Path.Combine(folder, "gateway-ca.pem");
        var keyFile = Path.Combine(folder, "admin.key");
        File.WriteAllText(ca, Pki.GatewayCa.Certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key);
        return (folder, ["--gateway", BaseAddress.ToString(), "--gateway-ca", ca, "--key-file", keyFile]);
    }

    /// <summary>Stores residents and gives each a linked card.</summary>
    public async Task<IReadOnlyList<(ResidentRecord Resident, SoftwareCard Card)>> NewResidentsWithCardsAsync(int count, Func<ResidentRecord, ResidentRecord>? adjust = null)
    {
        var result = new List<(ResidentRecord, SoftwareCard)>();
        var tasks = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var resident = TestResidents.Make(Interlocked.Increment(ref next) % TestResidents.Capacity, $"{8 + next / TestResidents.Capacity}", adjust);
            var card = Pki.IssueCard();
            tasks.Add(Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).Apply(resident));
            tasks.Add(Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(resident.Key, "test"));
            result.Add((resident, card));
        }
        await Task.WhenAll(tasks);
        return result;
    }
}
