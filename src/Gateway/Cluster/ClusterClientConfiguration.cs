using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace CertOrleans.Gateway.Cluster;

/// <summary>
/// How an Orleans client finds the silos: from the membership table when the cluster runs on PostgreSQL
/// (<c>CertOrleans:Clustering</c> = <c>postgres</c>), else the local silo's gateway port. The gateway and the
/// load generator both connect this way.
/// </summary>
public static class ClusterClientConfiguration
{
    public static IClientBuilder UseCertOrleansCluster(this IClientBuilder client, IConfiguration configuration)
    {
        if (configuration["CertOrleans:Clustering"] == "postgres")
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = configuration["CertOrleans:PostgresConnectionString"]
                    ?? throw new InvalidOperationException("CertOrleans:Clustering 'postgres' needs CertOrleans:PostgresConnectionString.");
            });
        else
            client.UseLocalhostClustering(configuration.GetValue("Orleans:GatewayPort", 30000));
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = configuration["Orleans:ClusterId"] ?? "certorleans-dev";
            o.ServiceId = configuration["Orleans:ServiceId"] ?? "certorleans";
        });
        client.Configure<ClientMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
        // Keep trying while the silos start (or restart); readiness says when the cluster is reachable.
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        return client;
    }
}
