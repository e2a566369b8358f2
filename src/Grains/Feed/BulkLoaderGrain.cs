using System.Data.Common;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Hosting;
using CertOrleans.Grains.Protection;
using CertOrleans.Grains.Residents;
using CertOrleans.Grains.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace CertOrleans.Grains.Feed;

/// <summary>
/// Inserts residents that are not stored yet, sealed exactly as <see cref="ResidentGrain"/> seals them, in one
/// transaction per chunk, and their households likewise. Rows that already exist are never touched: the caller
/// sends those through the grains. Meant for a city's initial load, when no resident grain is active.
/// </summary>
[StatelessWorker]
public sealed class BulkLoaderGrain(
    RelationalStore store,
    DataKeyStore keys,
    Serializer serializer,
    IOptions<ClusterOptions> cluster,
    IOptionsMonitor<AdoNetGrainStorageOptions> storageOptions) : Grain, IBulkLoaderGrain
{
    private const string Insert = """
        INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, payload, version, modified_at)
        VALUES (@service, @type, 0, 0, @key, 0, 0, @payload, 1, @at)
        ON CONFLICT DO NOTHING
        RETURNING grain_id_ext
        """;

    public async Task<bool[]> LoadNewResidents(IReadOnlyList<ResidentUpdate> updates)
    {
        var storageSerializer = storageOptions.Get(StorageNames.Default).GrainStorageSerializer;
        var rows = new List<(string Key, byte[] Payload)>(updates.Count);
        foreach (var update in updates)
        {
            var key = update.Record.Key.GrainKey;
            var state = new ResidentState { Record = update.Record, Seal = update.Seal, Tax = update.Taxes.ToDictionary(t => t.FiscalYear) };
            var sealedState = await ProtectedState<ResidentState>.SealAsync(state, keys, serializer, update.Record.Key.MunicipalityCode, ResidentGrain.Owner(key));
            rows.Add((key, storageSerializer.Serialize(sealedState).ToArray()));
        }

        var inserted = new bool[updates.Count];
        var households = new Dictionary<string, HashSet<ResidentKey>>();
        await using var connection = await store.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var command = Command(connection, transaction, "resident");
            for (var i = 0; i < rows.Count; i++)
            {
                // A 個人番号 must pass the municipality's policy, which only the grain checks: leave such records to it.
                if (updates[i].Record.MyNumber is not null) continue;
                command.Parameters["key"].Value = rows[i].Key;
                command.Parameters["payload"].Value = rows[i].Payload;
                inserted[i] = await command.ExecuteScalarAsync() is not null;
                if (inserted[i] && updates[i].Record.HouseholdNumber is { } number)
                {
                    var household = HouseholdKeys.For(updates[i].Record.Key.MunicipalityCode, number);
                    if (!households.TryGetValue(household, out var members)) households[household] = members = [];
                    members.Add(updates[i].Record.Key);
                }
            }

            // New households in one go; a household that already exists (members in an earlier chunk) is joined through its grain below.
            await using var householdCommand = Command(connection, transaction, "household");
            foreach (var (household, members) in households.ToList())
            {
                householdCommand.Parameters["key"].Value = household;
                householdCommand.Parameters["payload"].Value = storageSerializer.Serialize(new HouseholdState { Members = members }).ToArray();
                if (await householdCommand.ExecuteScalarAsync() is not null) households.Remove(household);
            }
            await transaction.CommitAsync();
        }
        foreach (var (household, members) in households)
            foreach (var member in members)
                await GrainFactory.GetGrain<IHouseholdGrain>(household).Join(member);
        return inserted;
    }

    private DbCommand Command(DbConnection connection, DbTransaction transaction, string stateName)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert;
        Add(command, "service", cluster.Value.ServiceId);
        Add(command, "type", stateName);
        Add(command, "key", "");
        Add(command, "payload", Array.Empty<byte>());
        Add(command, "at", DateTime.UtcNow);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
