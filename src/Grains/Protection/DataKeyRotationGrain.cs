using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Protection;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Storage;
using CertOrleans.Storage.Protection;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Protection;

/// <summary>
/// One municipality's data-key rotation. The new key seals from the moment it exists; once every silo has taken
/// it up (<see cref="DataKeyStore.ActiveKeyRefresh"/>), the grain walks the municipality's sealed states in pages
/// and has each grain re-seal itself, while kiosks and the registry go on using them. When the walk is done, the
/// old keys are deleted: nothing stored needs them any more. A page that fails is tried again on the next tick.
/// </summary>
public sealed partial class DataKeyRotationGrain(DataKeyStore keys, RelationalStore store, Storage.Journal.JournalEntryAuthenticator authenticator,
    Grains.Time.ServiceClock time, ILogger<DataKeyRotationGrain> logger)
    : Grain, IDataKeyRotationGrain
{
    private const int PageSize = 100;
    private DataKeyRotation status = new(0, 0, Running: false, OldKeysRetired: false);
    private string cursor = "";
    private IGrainTimer? walk;

    private string MunicipalityCode => MunicipalityKeys.Parse(this.GetPrimaryKeyString());

    public async Task<DataKeyRotation> Rotate(string actor)
    {
        if (status.Running) return status; // one rotation at a time
        // The new key and its journal entry commit together.
        var keyId = await keys.RotateAsync(MunicipalityCode, (connection, transaction, next) =>
            Storage.Journal.JournalChain.AppendAsync(connection, transaction, [new Storage.Journal.JournalAppend(MunicipalityCode, Contracts.Journal.JournalKinds.DataKeysRotated,
                Contracts.Journal.JournalJson.Write(new Contracts.Journal.AdministrativeBody(actor, $"data key {next}", new Dictionary<string, string>())))], time.GetUtcNow(), authenticator));
        status = new DataKeyRotation(keyId, 0, Running: true, OldKeysRetired: false);
        cursor = "";
        LogRotated(logger, MunicipalityCode, keyId);
        walk = this.RegisterGrainTimer(WalkAsync, new GrainTimerCreationOptions(DataKeyStore.ActiveKeyRefresh + TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)) { KeepAlive = true });
        return status;
    }

    public Task<DataKeyRotation> GetStatus() => Task.FromResult(status);

    private async Task WalkAsync(CancellationToken cancellationToken)
    {
        var page = await store.SealedGrainKeysAsync(MunicipalityCode, cursor, PageSize);
        if (page.Count == 0)
        {
            var retired = await keys.RetireOlderThanAsync(MunicipalityCode, status.ActiveKeyId);
            status = status with { Running = false, OldKeysRetired = true };
            walk?.Dispose();
            walk = null;
            LogDone(logger, MunicipalityCode, status.Resealed, retired);
            return;
        }
        var resealed = await Task.WhenAll(page.Select(Reseal));
        status = status with { Resealed = status.Resealed + resealed.Count(r => r) };
        cursor = page[^1];
    }

    /// <summary>
    /// Every kind of grain whose state is sealed with a municipality's data key, by its key's first letter. A kind
    /// missing here would keep the old key in use when it is deleted (a test checks that every grain with a
    /// protected state is here); a key of no kind here stops the walk, so the old key is never deleted under it.
    /// </summary>
    public static readonly IReadOnlyDictionary<char, Type> SealedKinds = new Dictionary<char, Type>
    {
        ['r'] = typeof(IResidentGrain),
        ['f'] = typeof(IFamilyRegisterGrain),
        ['h'] = typeof(IHouseholdGrain),
        ['j'] = typeof(Contracts.Journal.IJournalGrain),
        ['k'] = typeof(IIssuingKeysGrain),
        ['d'] = typeof(Contracts.Domiciles.IDomicileRegistrationGrain),
        ['c'] = typeof(Contracts.Sessions.IConsoleKeyRingGrain),
    };

    private Task<bool> Reseal(string grainKey) =>
        SealedKinds.TryGetValue(grainKey[0], out var kind)
            ? ((ISealedStateGrain)GrainFactory.GetGrain(kind, grainKey)).Reseal()
            : throw new InvalidOperationException($"A sealed state of no known kind ('{grainKey[0]}…'): the old data key is kept until it is re-sealed.");

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Data key of municipality {MunicipalityCode} rotated; key {KeyId} seals from now on, re-sealing the stored states")]
    private static partial void LogRotated(ILogger logger, string municipalityCode, int keyId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Data key rotation of municipality {MunicipalityCode} done: {Resealed} state(s) re-sealed, {Retired} old key(s) deleted")]
    private static partial void LogDone(ILogger logger, string municipalityCode, int resealed, int retired);
}
