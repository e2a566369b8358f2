using System.Data.Common;
using System.Text;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using CertOrleans.Storage.Protection;
using CertOrleans.Grains.Residents;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace CertOrleans.Grains.Feed;

/// <summary>
/// Inserts residents that are not stored yet, sealed exactly as <see cref="ResidentGrain"/> seals them, with one
/// multi-row statement in one transaction per chunk, and their households likewise. Rows that already exist are
/// never touched: the caller sends those through the grains. Meant for a city's initial load, when no resident
/// grain is active.
/// </summary>
[StatelessWorker]
public sealed class BulkLoaderGrain(
    RelationalStore store,
    DataKeyStore keys,
    Serializer serializer,
    IOptions<ClusterOptions> cluster,
    IOptionsMonitor<AdoNetGrainStorageOptions> storageOptions,
    Time.ServiceClock time) : Grain, IBulkLoaderGrain
{
    public async Task<bool[]> LoadNewResidents(IReadOnlyList<ResidentUpdate> updates)
    {
        var storageSerializer = storageOptions.Get(StorageNames.Default).GrainStorageSerializer;
        var rows = new List<(string Key, byte[] Payload)>(updates.Count);
        foreach (var update in updates)
        {
            var key = update.Record.Key.GrainKey;
            var state = new ResidentState { Record = update.Record, Seal = update.Seal, Tax = update.Taxes.ToDictionary(t => t.FiscalYear) };
            var sealedState = await ProtectedState<ResidentState>.SealAsync(state, keys, serializer, update.Record.Key.MunicipalityCode, ProtectedState<ResidentState>.OwnerOf(ResidentGrain.StateName, key), rowVersion: 1);
            rows.Add((key, storageSerializer.Serialize(sealedState).ToArray()));
        }

        var inserted = new bool[updates.Count];
        var households = new Dictionary<string, HashSet<ResidentKey>>();
        await using var connection = await store.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // A 個人番号 must pass the municipality's policy, which only the grain checks: leave such records to it.
            var candidates = Enumerable.Range(0, rows.Count).Where(i => updates[i].Record.MyNumber is null).ToList();
            var stored = await InsertNewAsync(connection, transaction, "resident", candidates.Select(i => rows[i]).ToList());
            foreach (var i in candidates)
            {
                inserted[i] = stored.Contains(rows[i].Key);
                if (inserted[i] && updates[i].Record.HouseholdNumber is { } number)
                {
                    var household = HouseholdKeys.For(updates[i].Record.Key.MunicipalityCode, number);
                    if (!households.TryGetValue(household, out var members)) households[household] = members = [];
                    members.Add(updates[i].Record.Key);
                }
            }

            // New households in one go, sealed as their grain seals them; one that already exists (members in an earlier
            // chunk) is joined through its grain below.
            var householdRows = new List<(string Key, byte[] Payload)>(households.Count);
            foreach (var (household, members) in households)
            {
                var sealedMembers = await ProtectedState<HouseholdState>.SealAsync(new HouseholdState { Members = members }, keys, serializer,
                    HouseholdKeys.Parse(household).MunicipalityCode, ProtectedState<HouseholdState>.OwnerOf(HouseholdGrain.StateName, household), rowVersion: 1);
                householdRows.Add((household, storageSerializer.Serialize(sealedMembers).ToArray()));
            }
            var newHouseholds = await InsertNewAsync(connection, transaction, HouseholdGrain.StateName, householdRows);
            foreach (var household in newHouseholds) households.Remove(household);
            await transaction.CommitAsync();
        }
        foreach (var (household, members) in households)
            foreach (var member in members)
                await GrainFactory.GetGrain<IHouseholdGrain>(household).Join(member);
        // Moved out or deceased already when first loaded: their retention period runs from the load.
        var today = Rendering.JapaneseDates.TodayInJapan(time);
        foreach (var city in Enumerable.Range(0, updates.Count).Where(i => inserted[i] && updates[i].Record.Status != ResidencyStatus.Resident)
            .GroupBy(i => updates[i].Record.Key.MunicipalityCode))
            await GrainFactory.GetGrain<IRetentionGrain>(RetentionKeys.For(city.Key)).RemovedMany(city.Select(i => updates[i].Record.Key.GrainKey).ToList(), today);
        return inserted;
    }

    /// <summary>One multi-row INSERT … ON CONFLICT DO NOTHING; returns the keys that were new (and are now stored).</summary>
    private async Task<HashSet<string>> InsertNewAsync(DbConnection connection, DbTransaction transaction, string stateName, IReadOnlyList<(string Key, byte[] Payload)> rows)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (rows.Count == 0) return stored;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, payload, version, modified_at) VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0) sql.Append(',');
            sql.Append($"(@service, @type, 0, 0, @k{i}, 0, 0, @p{i}, 1, @at)");
            command.AddParameter($"k{i}", rows[i].Key);
            command.AddParameter($"p{i}", rows[i].Payload);
        }
        sql.Append(" ON CONFLICT DO NOTHING RETURNING grain_id_ext");
        command.CommandText = sql.ToString();
        command.AddParameter("service", cluster.Value.ServiceId);
        command.AddParameter("type", stateName);
        command.AddParameter("at", DateTime.UtcNow);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        return stored;
    }

}
