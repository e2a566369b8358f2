using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using CertOrleans.Storage.Journal;
using CertOrleans.Grains.Requests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertOrleans.Grains.Lifecycle;

/// <summary>Closes the requests a dead silo left on the register. One per cluster (key 0), woken by a durable reminder.</summary>
[Alias("certorleans.lifecycle-sweeper")]
public interface ILifecycleSweeperGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder (idempotent; every silo calls it when it becomes active).</summary>
    Task Start();

    /// <summary>Closes, now, every request whose deadline passed more than the grace ago, then checkpoints the journal; returns how many it closed.</summary>
    Task<int> Sweep();

    /// <summary>Signs a checkpoint at the head of every journal chain that moved since its last one (each sweep, and when a silo stops).</summary>
    Task Checkpoint();
}

public sealed partial class LifecycleSweeperGrain(
    ILifecycleJournal journal,
    CertOrleans.Storage.RelationalStore store,
    ServiceClock time,
    IOptions<RequestOptions> options,
    ILogger<LifecycleSweeperGrain> logger) : Grain, ILifecycleSweeperGrain, IRemindable
{
    public const string ReminderName = "close-abandoned-requests";

    private readonly RequestOptions limits = options.Value;

    public async Task Start() =>
        await this.RegisterOrUpdateReminder(ReminderName, limits.AbandonedSweepPeriod, limits.AbandonedSweepPeriod);

    public async Task<int> Sweep()
    {
        var now = time.GetUtcNow();
        var closed = await journal.CloseAbandonedAsync(now - limits.AbandonedGrace, now);
        if (closed > 0) LogClosed(logger, closed);
        await Checkpoint();
        return closed;
    }

    public async Task Checkpoint()
    {
        foreach (var chain in await CertOrleans.Storage.Journal.JournalChain.ChainsAsync(store))
            await GrainFactory.GetGrain<Contracts.Journal.IJournalGrain>(Contracts.Journal.JournalNames.For(chain)).Checkpoint();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName) await Sweep();
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Closed {Count} request(s) left open by a stopped silo as expired (silo-lost); their fees are refunded")]
    private static partial void LogClosed(ILogger logger, int count);
}
