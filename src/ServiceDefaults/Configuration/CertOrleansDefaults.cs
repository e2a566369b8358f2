using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace CertOrleans.ServiceDefaults.Configuration;

/// <summary>
/// The one place where the defaults of Orleans' own settings live, for every host of the cluster (silo, gateway,
/// benchmarks). They sit below every other source, so appsettings.json, the environment and the command line
/// override them. Orleans applies its <c>Orleans</c> section itself: <c>Orleans:Clustering:ProviderType</c>
/// chooses the membership provider by the name it was registered under (<c>Development</c> for one silo on
/// this machine, <c>AdoNet</c> for the silos' membership table in PostgreSQL). The gateway, a client with no
/// database driver, uses <c>Static</c>: the silos' gateway endpoints listed in <c>Orleans:Clustering:Gateways</c>.
/// </summary>
public static class CertOrleansDefaults
{
    public const string ClusterId = "certorleans-dev";
    public const string ServiceId = "certorleans";
    public const int SiloPort = 11111;
    public const int GatewayPort = 30000;

    /// <summary>The store's connection string (<c>ConnectionStrings:certorleans</c>), which also holds Orleans' membership table.</summary>
    public const string ConnectionName = "certorleans";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Orleans:ClusterId"] = ClusterId,
        ["Orleans:ServiceId"] = ServiceId,
        ["Orleans:Endpoints:SiloPort"] = $"{SiloPort}",
        ["Orleans:Endpoints:GatewayPort"] = $"{GatewayPort}",
        // Loopback unless an operator names the host's address (silos on several hosts).
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:Clustering:ProviderType"] = "Development",
        // Development: the silo is its own primary; a client knows the one gateway.
        ["Orleans:Clustering:PrimarySiloEndPoint"] = $"127.0.0.1:{SiloPort}",
        ["Orleans:Clustering:Gateways:0"] = $"127.0.0.1:{GatewayPort}",
        // AdoNet: the store's own database (ConnectionStrings:certorleans).
        ["Orleans:Clustering:Invariant"] = "Npgsql",
        ["Orleans:Clustering:ConnectionName"] = ConnectionName,
    };

    /// <summary>Adds the defaults beneath every source the configuration already has.</summary>
    public static IConfigurationBuilder AddCertOrleansDefaults(this IConfigurationBuilder configuration)
    {
        if (!configuration.Sources.OfType<DefaultsSource>().Any())
            configuration.Sources.Insert(0, new DefaultsSource { InitialData = Settings });
        return configuration;
    }

    private sealed class DefaultsSource : MemoryConfigurationSource;
}
