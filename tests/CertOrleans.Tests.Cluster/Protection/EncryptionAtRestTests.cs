using System.Diagnostics;
using System.Text;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Storage.Protection;
using CertOrleans.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CertOrleans.Tests.Protection;

/// <summary>Personal data is encrypted before it reaches either store; the key-encryption key is needed to read it.</summary>
public sealed class EncryptionAtRestTests
{
    // Distinctive values, so finding one anywhere in a dump can only mean it leaked.
    private static readonly IReadOnlyList<ResidentRecord> People = Enumerable.Range(0, 12).Select(i => TestResidents.Make(200 + i, "3") with
    {
        FamilyName = "秘匿",
        GivenName = $"守{"一二三四五六七八九十百千"[i]}",
        FamilyNameKana = "ヒトク",
        Address = $"栃木県宇都宮市暗号町{i + 1}番{i + 7}号",
        HouseholdNumber = "H1",
        Foreign = i == 0 ? new ForeignResidentItems("ベトナム", "ZX98765432YW", "技能実習", null) : null,
    }).ToList();

    /// <summary>A string stored without encryption on purpose (a store name), to prove the search sees stored text.</summary>
    private const string Control = "対照用テストマート店";

    private static async Task LoadAsync(TestClusterHost host)
    {
        await host.Grains.GetGrain<Contracts.Terminals.ITerminalGrain>("kiosk-control").Register(new Contracts.Terminals.TerminalRegistration("Control", Control), "test");
        foreach (var person in People)
        {
            var grain = host.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey);
            await grain.Apply(person);
            await grain.ApplySeal(new SealRegistration { SourceVersion = 1, RegistrationNumber = "R-" + person.Key.ResidentNumber, SealImagePng = [0x89, (byte)'P', 1, 2], RegisteredOn = new DateOnly(2020, 1, 1) });
        }
        var head = People[0];
        await host.Grains.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For("092011", "F1")).Apply(new FamilyRegisterRecord
        {
            MunicipalityCode = "092011", RegisterNumber = "F1", SourceVersion = 1, PermanentDomicile = "栃木県宇都宮市本籍町9番地", HeadName = head.FullName,
            CompiledOn = new DateOnly(2000, 1, 1),
            Members = [new FamilyRegisterMember { Resident = head.Key, Name = head.GivenName, DateOfBirth = head.DateOfBirth, Sex = head.Sex, Relationship = "長男" }],
        });
    }

    /// <summary>Everything one would search a leaked dump for (as stored: names and readings are separate fields).</summary>
    private static IEnumerable<string> Secrets() =>
        People.SelectMany(p => new[] { "秘匿", "ヒトク", p.GivenName, p.Address, "R-" + p.Key.ResidentNumber }).Distinct()
            .Append("ZX98765432YW").Append("栃木県宇都宮市本籍町9番地");

    [Fact]
    public async Task The_sqlite_file_holds_no_name_address_or_registry_content_in_plaintext()
    {
        var store = TestStore.Sqlite();
        await using (var host = await TestClusterHost.StartAsync(store))
        {
            await LoadAsync(host);
        }
        // The database file and its write-ahead log, byte for byte, as a thief would copy them.
        var raw = Directory.GetFiles(store.DataDirectory!, "certorleans.db*").SelectMany(File.ReadAllBytes).ToArray();
        var readable = Readable(Encoding.UTF8.GetString(raw));
        Assert.Contains(Control, readable);
        foreach (var secret in Secrets()) Assert.DoesNotContain(secret, readable);
    }

    /// <summary>
    /// The text of a dump plus everything its hex (bytea) and base64 (serialised byte arrays) runs decode to,
    /// so data that is merely encoded, not encrypted, would be found.
    /// </summary>
    private static string Readable(string dump)
    {
        var text = new StringBuilder(dump);
        foreach (System.Text.RegularExpressions.Match hex in System.Text.RegularExpressions.Regex.Matches(dump, @"\\x([0-9a-f]{16,})"))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromHexString(hex.Groups[1].Value));
            text.Append('\n').Append(decoded);
        }
        var expanded = text.ToString();
        foreach (System.Text.RegularExpressions.Match run in System.Text.RegularExpressions.Regex.Matches(expanded, "[A-Za-z0-9+/]{24,}={0,2}"))
        {
            var candidate = run.Value;
            if (candidate.Length % 4 != 0) continue;
            try
            {
                text.Append('\n').Append(Encoding.UTF8.GetString(Convert.FromBase64String(candidate)));
            }
            catch (FormatException)
            {
            }
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_pg_dump_holds_no_name_address_or_registry_content_in_plaintext()
    {
        var store = TestStore.Postgres();
        await using (var host = await TestClusterHost.StartAsync(store))
        {
            await LoadAsync(host);
        }
        var connection = new NpgsqlConnectionStringBuilder(store.PostgresConnectionString);
        var pgDump = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists).Order().Last();
        var start = new ProcessStartInfo(pgDump, ["-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, connection.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var dump = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        var readable = Readable(dump);
        Assert.Contains(Control, readable);
        foreach (var secret in Secrets()) Assert.DoesNotContain(secret, readable);
    }

    [Fact]
    public async Task Without_the_right_key_encryption_key_the_silo_refuses_to_start()
    {
        var store = TestStore.Sqlite();
        await using (var host = await TestClusterHost.StartAsync(store))
        {
            await LoadAsync(host);
        }
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestClusterHost.StartAsync(store.WithKeyEncryptionKey(KeyEncryptionKey.NewBase64())));
        Assert.Contains("key-encryption key", Flatten(ex));

        var missing = new Dictionary<string, string?>(store.Settings) { ["Encryption:KeyEncryptionKey"] = null, ["Encryption:KeyFile"] = "/nonexistent/kek.key" };
        var noKey = Assert.Throws<InvalidOperationException>(() => KeyEncryptionKey.From(new ConfigurationBuilder().AddInMemoryCollection(missing).Build()));
        Assert.Contains("does not exist", noKey.Message);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rotating_the_key_encryption_key_keeps_every_resident_readable(string kind)
    {
        var store = TestStore.Create(kind);
        await using (var host = await TestClusterHost.StartAsync(store))
        {
            await LoadAsync(host);
            // Every chain signed once before the rewrap, as a running cluster's are: the rewrap covers every data key
            // there is, and the shutdown's checkpoint makes no new one (a data key made between the rewrap and the
            // restart would still be wrapped with the old key).
            await host.Grains.GetGrain<CertOrleans.Grains.Lifecycle.ILifecycleSweeperGrain>(0).Checkpoint();
            var relational = host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>();
            var next = KeyEncryptionKey.NewBase64();
            var current = host.Cluster.GetSiloServiceProvider().GetRequiredService<KeyEncryptionKey>();
            var rewrapped = await new DataKeyStore(relational, current).RewrapAsync(new KeyEncryptionKey(Convert.FromBase64String(next)));
            Assert.Equal(3, rewrapped); // the city's data key, its secret for the register lookup, and the cluster chain's data key (its journal key)
            store = store.WithKeyEncryptionKey(next);
        }

        await using var restarted = await TestClusterHost.StartAsync(store);
        foreach (var person in People)
        {
            var prepared = await restarted.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26));
            Assert.Equal(person, prepared.Data);
        }
        // The lookup secret was re-wrapped, not replaced: the register is still found under its 本籍 and 筆頭者.
        var directory = restarted.Cluster.GetSiloServiceProvider().GetRequiredService<CertOrleans.Grains.Domiciles.FamilyRegisterDirectory>();
        Assert.Equal(["F1"], await directory.FindAsync("092011", "栃木県宇都宮市本籍町9番地", People[0].FullName));
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);
}
