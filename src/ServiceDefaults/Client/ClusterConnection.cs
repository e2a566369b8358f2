using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CertOrleans.ServiceDefaults.Client;

/// <summary>
/// A short-lived Orleans client for one command or one benchmark run. It connects like the gateway does, from
/// the defaults, the environment (<c>Orleans__Clustering__ProviderType</c>, …) and the given settings, and gives
/// up with a clear message when no silo answers.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost host;

    private ClusterConnection(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public IGrainFactory Grains => Client;

    /// <param name="keepRetrying">Wait out silos that are down or restarting (a benchmark under faults), rather than fail (a command).</param>
    /// <param name="timeout">How long a command waits for the cluster before it says it cannot reach it (default 30 s).</param>
    public static async Task<ClusterConnection> ConnectAsync(IEnumerable<KeyValuePair<string, string?>>? settings, CancellationToken cancellationToken,
        bool keepRetrying = false, TimeSpan? timeout = null)
    {
        // No log providers: a command prints its own result, and a client retrying through faults would drown it.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddEnvironmentVariables().AddInMemoryCollection(settings ?? []);
        builder.AddCertOrleansClient(keepRetrying: keepRetrying);
        var host = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!keepRetrying) deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(deadline.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new InvalidOperationException(
                $"Cannot reach the silo cluster '{builder.Configuration["Orleans:ClusterId"]}' ({builder.Configuration["Orleans:Clustering:ProviderType"]} clustering): is a silo running? ({ex.GetType().Name})", ex);
        }
        return new ClusterConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
