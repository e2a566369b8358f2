using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Time;
using CertOrleans.Rendering;
using CertOrleans.Storage;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Residents;

[GenerateSerializer, Alias("certorleans.retention-state")]
public sealed class RetentionState
{
    /// <summary>Removed residents' grain keys (what the store's rows are keyed by anyway) and the day each was removed.</summary>
    [Id(0)] public Dictionary<string, DateOnly> Removed { get; set; } = [];
}

/// <summary>
/// Purges the data of residents who moved out or died once the municipality's retention period has passed
/// (a daily reminder, so it happens whichever silo is up), and deletes a record when the registry says so.
/// Each purge and deletion is a journal entry naming counts, dates and the holder's pseudonym, never a person.
/// </summary>
public sealed partial class RetentionGrain(
    [PersistentState("retention", StorageNames.Default)] IPersistentState<RetentionState> state,
    ServiceClock time,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    public const string ReminderName = "purge-removed-records";
    private string Code => this.GetPrimaryKeyString()[1..];

    public Task Removed(string residentGrainKey, DateOnly on) => RemovedMany([residentGrainKey], on);

    public async Task RemovedMany(IReadOnlyList<string> residentGrainKeys, DateOnly on)
    {
        var news = residentGrainKeys.Where(key => !(state.State.Removed.TryGetValue(key, out var known) && known <= on)).ToList();
        if (news.Count == 0) return;
        await SaveAsync(removed => news.ForEach(key => removed[key] = on));
        // Once an activation: the reminder is durable, and writing it again for every removal made a city's load crawl.
        if (!reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromHours(1), TimeSpan.FromDays(1));
            reminderRegistered = true;
        }
    }

    private bool reminderRegistered;

    public async Task Restored(string residentGrainKey)
    {
        if (state.State.Removed.ContainsKey(residentGrainKey)) await SaveAsync(removed => removed.Remove(residentGrainKey));
    }

    public async Task<int> PurgeDue()
    {
        var retention = await RetentionDaysAsync();
        var before = JapaneseDates.TodayInJapan(time).AddDays(-retention);
        var due = state.State.Removed.Where(r => r.Value <= before).Select(r => r.Key).ToList();
        if (due.Count == 0) return 0;
        var purged = 0;
        foreach (var key in due)
        {
            if (await GrainFactory.GetGrain<IResidentGrain>(key).Purge()) purged++;
        }
        // On record before it is forgotten here: if the journal cannot be written, the next run purges (nothing) and records again.
        await Journal().Record(JournalKinds.RecordsPurged, new AdministrativeEvent("retention-policy", $"{purged} removed record(s) purged",
            new Dictionary<string, string> { ["purged"] = $"{purged}", ["removedOnOrBefore"] = $"{before:yyyy-MM-dd}", ["retentionDays"] = $"{retention}" }));
        await SaveAsync(removed => due.ForEach(key => removed.Remove(key)));
        LogPurged(logger, Code, purged, retention);
        return purged;
    }

    public async Task<bool> DeleteRecord(ResidentKey resident, string actor)
    {
        var holder = await Journal().Pseudonym(resident);
        var deleted = await GrainFactory.GetGrain<IResidentGrain>(resident.GrainKey).Purge();
        if (!deleted) return false;
        await Journal().Record(JournalKinds.RecordDeleted, new AdministrativeEvent(actor, "record deleted by the registry", new Dictionary<string, string> { ["holder"] = holder }));
        if (state.State.Removed.ContainsKey(resident.GrainKey)) await SaveAsync(removed => removed.Remove(resident.GrainKey));
        return true;
    }

    public async Task<RetentionStatus> GetStatus() =>
        new(state.State.Removed.Count, state.State.Removed.Count == 0 ? null : state.State.Removed.Values.Min(), await RetentionDaysAsync());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName) await PurgeDue();
    }

    private IJournalGrain Journal() => GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(Code));

    private async Task<int> RetentionDaysAsync() =>
        (await GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(Code)).Get())?.RemovedRecordRetentionDays ?? MunicipalityConfiguration.DefaultRetentionDays;

    private Task SaveAsync(Action<Dictionary<string, DateOnly>> change)
    {
        var next = new RetentionState { Removed = new Dictionary<string, DateOnly>(state.State.Removed) };
        change(next.Removed);
        return state.SaveAsync(next);
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Municipality {Municipality}: {Count} removed record(s) purged after {RetentionDays} days")]
    private static partial void LogPurged(ILogger logger, string municipality, int count, int retentionDays);
}
