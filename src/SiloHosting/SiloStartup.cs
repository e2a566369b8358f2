using CertOrleans.Grains.Cards;
using CertOrleans.Grains.Time;
using CertOrleans.Rendering;
using CertOrleans.Grains.Lifecycle;
using CertOrleans.Storage.Journal;
using CertOrleans.Storage.Protection;
using CertOrleans.Storage;
using Microsoft.Extensions.Logging;
using CertOrleans.Documents.Fonts;

namespace CertOrleans.SiloHosting;

/// <summary>
/// Runs before the storage providers initialise: applies the schema (idempotent), checks the key-encryption
/// key against the stored data keys and loads the fonts, so a missing font, a wrong key or an unwritable data
/// folder, or an unreadable card CA stops the silo at start with a clear message.
/// </summary>
internal sealed partial class SiloStartup(RelationalStore store, DataKeyStore dataKeys, IGrainFactory grains, ServiceClock time, CardTrust cardTrust,
    JournalEntryAuthenticator authenticator, ProcessDeployment deployment, Microsoft.Extensions.Configuration.IConfiguration configuration, ILogger<SiloStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe<SiloStartup>(ServiceLifecycleStage.RuntimeInitialize, async cancellationToken =>
        {
            await store.PrepareSchemaAsync(cancellationToken);
            // A wrong or missing key-encryption key stops the silo here, before any grain could fail to read its data.
            await dataKeys.VerifyAsync(cancellationToken);
            CertOrleans.Rendering.Reports.ReportFonts.EnsureInstalled();
            // The build on record before any request is served: every request's end names this entry.
            var details = ServiceDefaults.Deployment.DeploymentDetails.For("silo", configuration, JapaneseFonts.Digests);
            var entry = await JournalChain.AppendAsync(store, new JournalAppend(Contracts.Journal.JournalNames.ClusterChain, Contracts.Journal.JournalKinds.Deployment,
                Contracts.Journal.JournalJson.Write(new Contracts.Journal.AdministrativeBody("silo", $"silo on {Environment.MachineName}", details))), time.GetUtcNow(), authenticator);
            deployment.Entry = $"{Contracts.Journal.JournalNames.ClusterChain}#{entry.Sequence}";
            LogDeployed(logger, deployment.Entry, details[Pki.Verification.BuildManifest.BuildKey]);
            LogReady(logger, store.Description, cardTrust.Root.Subject);
            if (time.Inner is RehearsalClock rehearsal) LogRehearsal(logger, rehearsal.Shift, time.GetUtcNow());
        });
        // The sweeper's reminder is durable: registering it again on every silo start is harmless, and it means
        // a cluster whose every silo died still closes what they left open as soon as one comes back. It is
        // registered once the silo is up, not during its start: a grain call from inside the start can be
        // refused while the silo is still joining, and must not fail the start.
        lifecycle.Subscribe<SiloStartup>(ServiceLifecycleStage.Active,
            _ =>
            {
                sweeperRegistration = RegisterSweeperAsync(stopping.Token);
                return Task.CompletedTask;
            },
            async _ =>
            {
                await stopping.CancelAsync();
                if (sweeperRegistration is not null) await sweeperRegistration;
                // The journal is checkpointed at shutdown too, so a chain never ends unsigned for long.
                try
                {
                    await grains.GetGrain<ILifecycleSweeperGrain>(0).Checkpoint().WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception ex)
                {
                    LogNoShutdownCheckpoint(logger, ex.GetType().Name);
                }
            });
    }

    private readonly CancellationTokenSource stopping = new();
    private Task? sweeperRegistration;

    private async Task RegisterSweeperAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(attempt == 1 ? 200 : 2000), cancellationToken);
                await grains.GetGrain<ILifecycleSweeperGrain>(0).Start();
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSweeperNotRegistered(logger, attempt, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Deployment on record as {Entry}: build {Build}")]
    private static partial void LogDeployed(ILogger logger, string entry, string build);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "No journal checkpoint at shutdown ({Error}); the next sweep signs one")]
    private static partial void LogNoShutdownCheckpoint(ILogger logger, string error);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "The sweeper's reminder could not be registered yet (attempt {Attempt}, {Error}); trying again")]
    private static partial void LogSweeperNotRegistered(ILogger logger, int attempt, string error);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "REHEARSAL CLOCK: this silo's time is real time shifted by {Shift} (now {Now:o}); for drills with synthetic residents only")]
    private static partial void LogRehearsal(ILogger logger, TimeSpan shift, DateTimeOffset now);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Store ready: {Store}; schema current, fonts loaded; cards trusted from {CardCa}")]
    private static partial void LogReady(ILogger logger, string store, string cardCa);
}
