using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Hosting;
using CertOrleans.Grains.Storage;
using CertOrleans.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Tests.Grains;

/// <summary>Two real silo hosts that find each other through our membership table on PostgreSQL, and a client that finds them.</summary>
public sealed class PostgresClusterTests
{
    private static async Task<IHost> SiloAsync(IConfiguration shared, int siloPort, int gatewayPort)
    {
        var configuration = new ConfigurationBuilder().AddConfiguration(shared).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseCertOrleansClustering(configuration);
            silo.AddCertOrleans(configuration);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task Silos_join_through_the_membership_table_and_a_client_reaches_them()
    {
        var store = TestStore.Postgres();
        var shared = new ConfigurationBuilder().AddConfiguration(TestClusterHost.Configuration(store)).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CertOrleans:Clustering"] = "postgres",
            ["Orleans:ClusterId"] = $"pg-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = "certorleans-pg-test",
        }).Build();
        await RelationalStore.FromConfiguration(shared).MigrateAsync();
        var basePort = 41000 + Random.Shared.Next(0, 2000) * 4;
        using var first = await SiloAsync(shared, basePort, basePort + 1);
        using var second = await SiloAsync(shared, basePort + 2, basePort + 3);

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        clientBuilder.UseOrleansClient(client =>
        {
            client.Configure<Orleans.Configuration.ClusterOptions>(o => { o.ClusterId = shared["Orleans:ClusterId"]!; o.ServiceId = shared["Orleans:ServiceId"]!; });
            client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = store.PostgresConnectionString; });
        });
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync();
        var grains = clientHost.Services.GetRequiredService<IClusterClient>();

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

        await clientHost.StopAsync();
        await second.StopAsync();
        await first.StopAsync();
    }
}
