using System.Data.Common;
using CertOrleans.Storage;
using CertOrleans.Storage.Postgres;
using CertOrleans.Storage.Sqlite;

namespace CertOrleans.Tests.Storage;

/// <summary>Our schema and queries on both stores, against the ADO.NET provider's contract.</summary>
public sealed class StoreTests
{
    private static RelationalStore Store(string kind) => kind switch
    {
        "sqlite" => new SqliteStore(Path.Combine(TestStore.Sqlite().DataDirectory!, "db", "certorleans.db")),
        _ => new PostgresStore(TestStore.Postgres().PostgresConnectionString!),
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Migrations_are_idempotent_and_install_the_provider_queries(string kind)
    {
        var store = Store(kind);
        await Task.WhenAll(store.MigrateAsync(), store.MigrateAsync()); // two silos starting together
        await store.MigrateAsync();

        await using var connection = await store.OpenAsync();
        // Each migration (schema, data keys, membership on PostgreSQL, reminders, request register, certificate-number
        // indexes, journal, journal MACs, act ids) recorded exactly once despite three runs, two concurrent.
        var expected = kind == "postgres" ? 9L : 8L;
        Assert.Equal(expected, Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_migrations")));
        Assert.Equal(expected, Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(DISTINCT version) FROM schema_migrations")));
        foreach (var key in new[] { "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
                     "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
                     "DeleteReminderRowKey", "DeleteReminderRowsKey" })
            Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(connection, $"SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = '{key}'")));
        if (kind == "sqlite") Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_silo_that_may_not_migrate_refuses_a_schema_the_owner_has_not_applied(string kind)
    {
        var owner = Store(kind);
        RelationalStore silo = kind == "sqlite"
            ? new SqliteStore(((SqliteStore)owner).DatabasePath) { MigratesSchema = false }
            : new PostgresStore(owner.ConnectionString) { MigratesSchema = false };
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.PrepareSchemaAsync());
        Assert.Contains("CertOrleans.Silo migrate", refused.Message);

        await owner.MigrateAsync();
        await silo.PrepareSchemaAsync();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_write_query_honours_versions_like_the_provider_expects(string kind)
    {
        var store = Store(kind);
        await store.MigrateAsync();
        await using var connection = await store.OpenAsync();
        var write = (string)(await ScalarAsync(connection, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'"))!;

        async Task<object?> WriteAsync(int? version)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = write;
            void Add(string name, object? value, System.Data.DbType type)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                parameter.DbType = type;
                command.Parameters.Add(parameter);
            }
            Add("GrainIdHash", 1, System.Data.DbType.Int32);
            Add("GrainIdN0", 0L, System.Data.DbType.Int64);
            Add("GrainIdN1", 0L, System.Data.DbType.Int64);
            Add("GrainTypeHash", 2, System.Data.DbType.Int32);
            Add("GrainTypeString", "resident", System.Data.DbType.String);
            Add("GrainIdExtensionString", "r092011-1", System.Data.DbType.String);
            Add("ServiceId", "s", System.Data.DbType.String);
            Add("GrainStateVersion", version, System.Data.DbType.Int32);
            Add("PayloadBinary", new byte[] { 1, 2, 3 }, System.Data.DbType.Binary);
            await using var reader = await command.ExecuteReaderAsync();
            object? result = null;
            do
            {
                while (await reader.ReadAsync()) result = reader.GetValue(0);
            } while (await reader.NextResultAsync());
            return result is null ? null : Convert.ToInt64(result);
        }

        Assert.Equal(1L, await WriteAsync(null));   // insert
        Assert.Null(await WriteAsync(null));        // a second "new" writer loses
        Assert.Equal(2L, await WriteAsync(1));      // update with the right version
        Assert.Null(await WriteAsync(1));           // a stale version loses
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

public sealed class TestClockTests
{
    [Theory]
    [InlineData("2026-11-26T10:00:00+09:00", "2026-11-26T10:00:00+09:00")]
    [InlineData("2026-11-26T22:30:00+09:00", "2026-11-27T10:00:00+09:00")]
    [InlineData("2026-11-27T03:00:00+09:00", "2026-11-27T10:00:00+09:00")]
    [InlineData("2026-12-30T12:00:00+09:00", "2027-01-04T10:00:00+09:00")]
    public void The_test_clock_starts_when_the_service_is_open(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), TestClusterHost.OpenInstantFrom(DateTimeOffset.Parse(now)));
}
