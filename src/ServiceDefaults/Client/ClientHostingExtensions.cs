using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.ServiceDefaults.Security;
using Microsoft.Extensions.Hosting;

namespace CertOrleans.ServiceDefaults.Client;

/// <summary>
/// How every client of the cluster (the gateway, the benchmarks) connects: Orleans reads
/// <c>Orleans:ClusterId</c>, <c>Orleans:ServiceId</c> and <c>Orleans:Clustering</c> from the same settings the
/// silos read, so a client reaches whatever cluster the silos form.
/// </summary>
public static class ClientHostingExtensions
{
    /// <param name="keepRetrying">
    /// Keep trying while the silos start or restart (a gateway, whose readiness says when the cluster is reachable;
    /// a benchmark under faults), rather than fail the start (a command).
    /// </param>
    public static IHostApplicationBuilder AddCertOrleansClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null, bool keepRetrying = true)
    {
        builder.Configuration.AddCertOrleansDefaults();
        var tls = ClusterTls.Load(builder.Configuration);
        builder.Services.AddWatchedCertificates(new("cluster-member", tls.Certificate), new("cluster-ca", tls.Authority));
        builder.UseOrleansClient(client =>
        {
            client.UseClusterTls(tls);
            CachedGrainInterfaceTypes.AddTo(client.Services);
            // A grain call that has not answered by then fails (503 at the gateway) rather than hold a kiosk's connection.
            var responseTimeout = TimeSpan.TryParse(builder.Configuration["Orleans:ResponseTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var configured) ? configured : TimeSpan.FromSeconds(20);
            client.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
            if (keepRetrying)
            {
                client.UseConnectionRetryFilter(async (_, cancellationToken) =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    return true;
                });
            }
            configure?.Invoke(client);
        });
        return builder;
    }
}
