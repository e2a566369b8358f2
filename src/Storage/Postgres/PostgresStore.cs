using System.Data.Common;
using Npgsql;

namespace CertOrleans.Storage.Postgres;

/// <summary>
/// The production store: PostgreSQL through Npgsql. Migrations run under an advisory lock, so several
/// silos starting together apply each migration exactly once.
/// </summary>
public sealed class PostgresStore(string connectionString) : RelationalStore
{
    public const string PostgresInvariant = "Npgsql";
    private const long MigrationLock = 0x4365727452; // "CertR"

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(WithTimeouts(connectionString));

    public override string Invariant => PostgresInvariant;

    /// <summary>The configured connection string, with our time-outs where it sets none (Orleans' providers use it too).</summary>
    public override string ConnectionString { get; } = WithTimeouts(connectionString);

    /// <summary>A command that has not answered in 15 s fails (the grain answers store-unavailable); connecting gives up after 10 s.</summary>
    private static string WithTimeouts(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout")) builder.CommandTimeout = 15;
        if (!given.ContainsKey("Timeout")) builder.Timeout = 10;
        return builder.ConnectionString;
    }

    public override string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            // Several hosts (a primary and its standby) carry their own ports.
            return builder.Host?.Contains(',') == true ? $"PostgreSQL {builder.Host}/{builder.Database}" : $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override string MigrationFolder => "Postgres";

    // Connection failures (server down, refused) come as NpgsqlException without a SQL state of the server.
    protected override bool IsUnreachable(System.Data.Common.DbException exception) => exception is not PostgresException;

    public override async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
            foreach (var (version, name, sql) in Migrations(MigrationFolder))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var check = new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations WHERE version = @v", connection, transaction);
                check.Parameters.AddWithValue("v", version);
                if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0) continue;
                await using (var apply = new NpgsqlCommand(sql, connection, transaction)) await apply.ExecuteNonQueryAsync(cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@v, @n)", connection, transaction);
                record.Parameters.AddWithValue("v", version);
                record.Parameters.AddWithValue("n", name);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
