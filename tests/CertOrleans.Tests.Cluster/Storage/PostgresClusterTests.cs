using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using System.Globalization;
using CertOrleans.Grains.Cards;
using CertOrleans.ServiceDefaults.Client;
using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.Pki;
using CertOrleans.ServiceDefaults;
using CertOrleans.SiloHosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Tests.Storage;

/// <summary>Two real silo hosts that find each other through our membership table on PostgreSQL, and a client that finds them.</summary>
public sealed class PostgresClusterTests
{
    /// <summary>A silo host exactly as the silo executable builds it (AddCertOrleansSilo), on its own ports.</summary>
    /// <summary>Distinct loopback ports the OS hands out now, all held until every one is known, then released.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private static async Task<WebApplication> SiloAsync(IReadOnlyDictionary<string, string?> shared, int siloPort, int gatewayPort)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(shared).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Endpoints:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Operations:Url"] = "http://127.0.0.1:0",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new CardTrust(TestPki.SharedCardCa.Certificate));
        builder.AddCertOrleansSilo();
        await builder.Configuration.PrepareStoreSchemaAsync(CancellationToken.None);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// Applies one of the role scripts as the owner and returns the role's connection string, after showing the role
    /// is refused <paramref name="forbidden"/> (insufficient privilege).
    /// </summary>
    private static async Task<string> RoleAsync(string connectionString, string script, string role, string forbidden)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        // The script names the production database; here each test has its own.
        var sql = (await File.ReadAllTextAsync(Path.Combine(RepositoryTools.Root, "scripts", script))).Replace("DATABASE certorleans", $"DATABASE {builder.Database}", StringComparison.Ordinal);
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        builder.Username = role;
        await using (var limited = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await limited.OpenAsync();
            await using var attempt = new Npgsql.NpgsqlCommand(forbidden, limited);
            var denied = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => attempt.ExecuteNonQueryAsync());
            Assert.Equal("42501", denied.SqlState);
        }
        return builder.ConnectionString;
    }

    [Fact]
    public async Task Silos_join_through_the_membership_table_and_a_client_reaches_them()
    {
        var store = TestStore.Postgres();
        // What an operator sets for a cluster: Orleans' own clustering provider, and the store's one connection string.
        var shared = TestClusterHost.Configuration(store).AsEnumerable().Concat(new Dictionary<string, string?>
        {
            ["Orleans:Clustering:ProviderType"] = "AdoNet",
            ["Orleans:ClusterId"] = $"pg-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = "certorleans-pg-test",
        }).Concat(TestPki.ClusterTlsSettings()).ToDictionary(p => p.Key, p => p.Value);
        // Least privilege: the owner applies the schema; the silos run as their own role, which changes no table and
        // only checks the schema at start (scripts/silo-role.sql, Store:Migrate=false, as the fault test runs them).
        await new CertOrleans.Storage.Postgres.PostgresStore(store.PostgresConnectionString!).MigrateAsync();
        shared["ConnectionStrings:certorleans"] = await RoleAsync(store.PostgresConnectionString!, "silo-role.sql", "certorleans_silo", "DROP TABLE grain_state");
        shared["Store:Migrate"] = "false";
        // Ports the OS chose (a silo advertises its configured port, so it cannot bind port 0 itself); a port picked at
        // random was once taken by an outgoing connection (AddressInUse).
        var ports = FreePorts(4);
        await using var first = await SiloAsync(shared, ports[0], ports[1]);
        await using var second = await SiloAsync(shared, ports[2], ports[3]);

        // The client finds them as the gateway does, with no database at all: given the silos' gateway endpoints
        // (Orleans' Static clustering, as ./run.sh --cluster and the fault test start the gateway).
        var asGateway = shared.Where(p => p.Key != "ConnectionStrings:certorleans").ToDictionary(p => p.Key, p => p.Value);
        asGateway["Orleans:Clustering:ProviderType"] = "Static";
        asGateway["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{ports[1]}";
        asGateway["Orleans:Clustering:Gateways:1"] = $"127.0.0.1:{ports[3]}";
        await using var cluster = await ClusterConnection.ConnectAsync(asGateway, CancellationToken.None);
        var grains = cluster.Grains;

        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        for (var i = 0; i < 50 && hosts.Count < 2; i++)
        {
            await Task.Delay(200);
            hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        }
        Assert.Equal(2, hosts.Count);

        var residents = Enumerable.Range(0, 40).Select(i => TestResidents.Make(i, "9")).ToList();
        foreach (var resident in residents) await grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).Apply(resident);
        foreach (var resident in residents)
            Assert.Equal(resident, (await grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26))).Data);

        // A process without a certificate from the cluster CA reaches no grain: one from another CA is refused.
        using var stranger = CertificateAuthority.Create("Stranger CA");
        var outsider = shared.Where(p => !p.Key.StartsWith("Cluster:Tls:", StringComparison.Ordinal)).Concat(TestPki.ClusterTlsSettings(stranger));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterConnection.ConnectAsync(outsider, CancellationToken.None, timeout: TimeSpan.FromSeconds(10)));
        // And one without TLS at all.
        var plain = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        plain.Configuration.AddCertOrleansDefaults().AddInMemoryCollection(shared);
        plain.UseOrleansClient(_ => { });
        using var plainHost = plain.Build();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await plainHost.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await plainHost.Services.GetRequiredService<IClusterClient>().GetGrain<IResidentGrain>(residents[0].Key.GrainKey).Exists().WaitAsync(TimeSpan.FromSeconds(10));
        });

        await second.StopAsync();
        await first.StopAsync();
    }
}
