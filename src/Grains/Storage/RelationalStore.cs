using System.Data.Common;
using CertOrleans.Grains.Storage.Postgres;
using CertOrleans.Grains.Storage.Sqlite;
using Microsoft.Extensions.Configuration;

namespace CertOrleans.Grains.Storage;

/// <summary>
/// The database behind a silo: SQLite (the embedded default) or PostgreSQL (production). Both hold the same
/// things in the same shape: Orleans grain state through the ADO.NET provider (with our own schema and
/// queries), and the request lifecycle journal. Schemas are versioned migrations applied at start.
/// </summary>
public abstract class RelationalStore
{
    /// <summary>The ADO.NET invariant name Orleans loads the driver by.</summary>
    public abstract string Invariant { get; }

    public abstract string ConnectionString { get; }

    /// <summary>Where the data is, without credentials, for logs.</summary>
    public abstract string Description { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies every migration not yet applied; safe on every start and from several silos at once.</summary>
    public abstract Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The store named by configuration; a wrong or incomplete choice is a clear startup error.</summary>
    public static RelationalStore FromConfiguration(IConfiguration configuration)
    {
        var kind = configuration["CertOrleans:Store"] is { Length: > 0 } configured ? configured.ToLowerInvariant() : "sqlite";
        switch (kind)
        {
            case "sqlite":
                var dataDirectory = configuration["CertOrleans:DataDirectory"] is { Length: > 0 } directory ? directory : "data";
                return new SqliteStore(Path.Combine(dataDirectory, "certorleans.db"));
            case "postgres":
                var connectionString = configuration["CertOrleans:PostgresConnectionString"];
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("CertOrleans:Store is 'postgres' but CertOrleans:PostgresConnectionString is not set.");
                return new PostgresStore(connectionString);
            default:
                throw new InvalidOperationException($"CertOrleans:Store must be 'sqlite' or 'postgres', not '{kind}'.");
        }
    }

    protected static IEnumerable<(int Version, string Name, string Sql)> Migrations(string folder)
    {
        var assembly = typeof(RelationalStore).Assembly;
        var prefix = $"CertOrleans.Grains.Storage.{folder}.";
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
