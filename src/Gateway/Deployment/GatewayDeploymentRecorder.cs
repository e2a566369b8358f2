using CertOrleans.Contracts.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using CertOrleans.Documents.Fonts;
using CertOrleans.ServiceDefaults.Deployment;

namespace CertOrleans.Gateway.Deployment;

/// <summary>
/// A gateway's start on record: once the cluster answers, a <c>deployment</c> entry in the cluster chain with the
/// gateway's build, configuration digest and host (through the cluster journal's grain, the gateway holding no store).
/// Tried until it succeeds; the gateway serves meanwhile, since the silos it calls record their own builds.
/// </summary>
public sealed partial class GatewayDeploymentRecorder(IGrainFactory grains, IConfiguration configuration, ILogger<GatewayDeploymentRecorder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyDictionary<string, string>? fonts = null;
        try
        {
            fonts = JapaneseFonts.Digests;
        }
        catch (FileNotFoundException)
        {
            // The verifier would refuse every upload; the record says which fonts the gateway has, and here it has none.
        }
        var details = DeploymentDetails.For("gateway", configuration, fonts);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var entry = await grains.GetGrain<IJournalGrain>(JournalNames.For(JournalNames.ClusterChain))
                    .Record(JournalKinds.Deployment, new AdministrativeEvent("gateway", $"gateway on {Environment.MachineName}", details));
                LogDeployed(logger, $"{JournalNames.ClusterChain}#{entry.Sequence}", details[Pki.Verification.BuildManifest.BuildKey]);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNotYet(logger, attempt, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Gateway deployment on record as {Entry}: build {Build}")]
    private static partial void LogDeployed(ILogger logger, string entry, string build);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "The gateway's deployment could not be recorded yet (attempt {Attempt}, {Error}); trying again")]
    private static partial void LogNotYet(ILogger logger, int attempt, string error);
}
