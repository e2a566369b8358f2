using CertOrleans.Contracts.Configuration;
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
            var settings = builder.Configuration.GetValidated<ClusterClientOptions, ClusterClientOptionsValidator>(ClusterClientOptions.Section);
            client.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = settings.ResponseTimeout);
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

/// <summary>What a cluster client adds to Orleans' own settings (section <c>Orleans</c>).</summary>
public sealed class ClusterClientOptions
{
    public const string Section = "Orleans";

    /// <summary>How long a grain call may take before it fails (<c>Orleans:ResponseTimeout</c>).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

public sealed class ClusterClientOptionsValidator : OptionsValidator<ClusterClientOptions>
{
    protected override IEnumerable<string> Problems(ClusterClientOptions options)
    {
        if (options.ResponseTimeout <= TimeSpan.Zero || options.ResponseTimeout > TimeSpan.FromMinutes(5))
            yield return "Orleans:ResponseTimeout must be more than 0 and at most 00:05:00.";
    }
}
