using CertOrleans.Hosting.Configuration;
using CertOrleans.Hosting.Security;
using Microsoft.Extensions.Hosting;

namespace CertOrleans.Hosting.Client;

/// <summary>
/// How every client of the cluster (the gateway, the admin CLI, the benchmarks) connects: Orleans reads
/// <c>Orleans:ClusterId</c>, <c>Orleans:ServiceId</c> and <c>Orleans:Clustering</c> from the same settings the
/// silos read, so a client reaches whatever cluster the silos form.
/// </summary>
public static class ClientHostingExtensions
{
    public static IHostApplicationBuilder AddCertOrleansClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null)
    {
        builder.Configuration.AddCertOrleansDefaults();
        var tls = ClusterTls.Load(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseClusterTls(tls);
            // Keep trying while the silos start (or restart); readiness says when the cluster is reachable.
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
            configure?.Invoke(client);
        });
        return builder;
    }
}
