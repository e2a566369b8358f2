using CertOrleans.Grains.Documents;
using CertOrleans.Grains.Lifecycle;
using CertOrleans.Grains.Protection;
using CertOrleans.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Hosting;

/// <summary>
/// Runs before the storage providers initialise: applies the schema (idempotent), checks the key-encryption
/// key against the stored data keys and loads the fonts, so a missing font, a wrong key or an unwritable data
/// folder stops the silo at start with a clear message.
/// </summary>
internal sealed partial class SiloStartup(RelationalStore store, DataKeyStore dataKeys, IGrainFactory grains, TimeProvider time, ILogger<SiloStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe<SiloStartup>(ServiceLifecycleStage.RuntimeInitialize, async cancellationToken =>
        {
            await store.MigrateAsync(cancellationToken);
            // A wrong or missing key-encryption key stops the silo here, before any grain could fail to read its data.
            await dataKeys.VerifyAsync(cancellationToken);
            JapaneseFonts.EnsureInstalled();
            LogReady(logger, store.Description);
            if (time is RehearsalClock rehearsal) LogRehearsal(logger, rehearsal.Shift, time.GetUtcNow());
        });
        // The sweeper's reminder is durable: registering it again on every silo start is harmless, and it means
        // a cluster whose every silo died still closes what they left open as soon as one comes back.
        lifecycle.Subscribe<SiloStartup>(ServiceLifecycleStage.Active, async _ =>
            await grains.GetGrain<ILifecycleSweeperGrain>(0).Start());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "REHEARSAL CLOCK: this silo's time is real time shifted by {Shift} (now {Now:o}); for drills with synthetic residents only")]
    private static partial void LogRehearsal(ILogger logger, TimeSpan shift, DateTimeOffset now);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store ready: {Store}; schema migrated, fonts loaded")]
    private static partial void LogReady(ILogger logger, string store);
}
