using System.Net;
using CertOrleans.Grains.Storage;
using CertOrleans.Grains.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace CertOrleans.Grains.Hosting;

/// <summary>
/// How silos find each other: <c>CertOrleans:Clustering</c> = <c>localhost</c> (one silo, the embedded default) or
/// <c>postgres</c> (the membership table in the PostgreSQL store, through the ADO.NET clustering provider with
/// our own schema). Ports: <c>Orleans:SiloPort</c>, <c>Orleans:GatewayPort</c>; failure detection
/// <c>Orleans:Membership</c> (ClusterMembershipOptions), call timeouts <c>Orleans:Messaging</c> (SiloMessagingOptions).
/// </summary>
public static class ClusteringExtensions
{
    public static ISiloBuilder UseCertOrleansClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = configuration["Orleans:ClusterId"] ?? "certorleans-dev";
            o.ServiceId = configuration["Orleans:ServiceId"] ?? "certorleans";
        });
        // Failure detection and call timeouts, when an operator (or the fault test) needs them other than Orleans' defaults.
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        silo.Configure<SiloMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
        switch (configuration["CertOrleans:Clustering"] ?? "localhost")
        {
            case "localhost":
                return silo.UseLocalhostClustering(siloPort, gatewayPort);
            case "postgres":
                if (RelationalStore.FromConfiguration(configuration) is not PostgresStore store)
                    throw new InvalidOperationException("CertOrleans:Clustering 'postgres' needs CertOrleans:Store 'postgres'.");
                // The address other silos and the gateways reach this one at: loopback for a cluster on one machine
                // (./run.sh --cluster, the fault test), the host's own address when silos run on several hosts.
                var advertised = configuration["Orleans:AdvertisedIPAddress"] is { Length: > 0 } address ? IPAddress.Parse(address) : IPAddress.Loopback;
                silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                return silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresStore.PostgresInvariant;
                    o.ConnectionString = store.ConnectionString;
                });
            default:
                throw new InvalidOperationException($"CertOrleans:Clustering must be 'localhost' or 'postgres', not '{configuration["CertOrleans:Clustering"]}'.");
        }
    }
}
