using CertOrleans.Grains.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CertOrleans.Tests.Grains;

public sealed class StoreTests
{
    [Fact]
    public void Migrations_are_idempotent_and_leave_the_database_in_wal_mode_with_the_provider_queries()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("certorleans-store-").FullName, "db", "certorleans.db");
        var store = new SqliteStore(path);
        store.Migrate();
        store.Migrate();

        using var connection = store.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM schema_migrations"));
        foreach (var key in new[] { "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey" })
            Assert.Equal(1L, Scalar(connection, $"SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = '{key}'"));
    }

    [Fact]
    public void A_write_with_a_stale_version_is_rejected_by_the_write_query()
    {
        var store = new SqliteStore(Path.Combine(Directory.CreateTempSubdirectory("certorleans-store-").FullName, "certorleans.db"));
        store.Migrate();
        using var connection = store.Open();
        var write = (string)Scalar(connection, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'")!;

        object? Write(long? version)
        {
            using var command = connection.CreateCommand();
            command.CommandText = write;
            command.Parameters.AddWithValue("@GrainIdHash", 1);
            command.Parameters.AddWithValue("@GrainIdN0", 0L);
            command.Parameters.AddWithValue("@GrainIdN1", 0L);
            command.Parameters.AddWithValue("@GrainTypeHash", 2);
            command.Parameters.AddWithValue("@GrainTypeString", "resident");
            command.Parameters.AddWithValue("@GrainIdExtensionString", "r092011-1");
            command.Parameters.AddWithValue("@ServiceId", "s");
            command.Parameters.AddWithValue("@GrainStateVersion", (object?)version ?? DBNull.Value);
            command.Parameters.AddWithValue("@PayloadBinary", new byte[] { 1, 2, 3 });
            using var reader = command.ExecuteReader();
            object? result = null;
            do
            {
                while (reader.Read()) result = reader.GetValue(0);
            } while (reader.NextResult());
            return result;
        }

        Assert.Equal(1L, Write(null));   // insert
        Assert.Null(Write(null));        // a second "new" writer loses
        Assert.Equal(2L, Write(1));      // update with the right version
        Assert.Null(Write(1));           // stale version loses
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
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
        Assert.Equal(DateTimeOffset.Parse(expected), Infrastructure.TestClusterHost.OpenInstantFrom(DateTimeOffset.Parse(now)));
}
