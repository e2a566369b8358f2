using System.Reflection;
using Microsoft.Data.Sqlite;

namespace CertOrleans.Grains.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in the data folder, in WAL mode so concurrent grain writes
/// do not fail with "database is locked". Applies the versioned schema idempotently.
/// </summary>
public sealed class SqliteStore(string databasePath)
{
    /// <summary>ADO.NET invariant name under which Orleans 10 loads Microsoft.Data.Sqlite.</summary>
    public const string Invariant = "System.Data.SQLite";

    public string DatabasePath { get; } = Path.GetFullPath(databasePath);

    public string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // WAL is persistent in the file; busy_timeout is per connection.
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Creates the file if needed and applies every migration not yet applied. Safe to run on every start.</summary>
    public void Migrate()
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");

        foreach (var (version, name, sql) in Migrations())
        {
            using var transaction = connection.BeginTransaction();
            using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if ((long)check.ExecuteScalar()! > 0)
            {
                transaction.Rollback();
                continue;
            }
            using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = sql;
            apply.ExecuteNonQuery();
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$n", name);
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Migrations()
    {
        var assembly = typeof(SqliteStore).Assembly;
        const string prefix = "CertOrleans.Grains.Storage.Sqlite.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^4];
            var version = int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
