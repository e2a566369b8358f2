using System.Data.Common;
using CertOrleans.Storage.Postgres;
using CertOrleans.Storage.Sqlite;

namespace CertOrleans.Storage;

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

    /// <summary>
    /// Whether this process applies the schema (<see cref="StoreOptions.Migrate"/>), or only checks that the database
    /// owner has (a silo whose database role may read and write rows but not change tables).
    /// </summary>
    public bool MigratesSchema { get; init; } = true;

    /// <summary>The folder of this store's migrations among the embedded resources.</summary>
    protected abstract string MigrationFolder { get; }

    /// <summary>Applies the schema, or, for a process that may not, checks that every migration has been applied.</summary>
    /// <exception cref="InvalidOperationException">A migration is missing: the owner must run the silo's <c>migrate</c> command.</exception>
    public async Task PrepareSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (MigratesSchema)
        {
            await MigrateAsync(cancellationToken);
            return;
        }
        var applied = new HashSet<int>();
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT version FROM schema_migrations";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
        }
        catch (DbException ex) when (!IsUnreachable(ex))
        {
            throw new InvalidOperationException($"The store has no schema that this silo can read ({ex.GetType().Name}): run `CertOrleans.Silo migrate` as the database owner first.", ex);
        }
        var missing = Migrations(MigrationFolder).Where(m => !applied.Contains(m.Version)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The store's schema lacks {string.Join(", ", missing)}: run `CertOrleans.Silo migrate` as the database owner, then start the silos.");
    }

    /// <summary>Whether a database error means the server could not be reached (the silo retries its start), not a missing schema.</summary>
    protected virtual bool IsUnreachable(DbException exception) => false;

    /// <summary>
    /// The keys of the grains whose sealed state belongs to <paramref name="municipalityCode"/> (residents, family
    /// registers, households, 本籍地 registrations, issuing keys, journal keys), in key order after <paramref name="after"/>: a data-key rotation
    /// walks them in pages.
    /// </summary>
    public async Task<IReadOnlyList<string>> SealedGrainKeysAsync(string municipalityCode, string after, int limit)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT grain_id_ext FROM grain_state
             WHERE payload IS NOT NULL AND grain_id_ext > @after
               AND (grain_id_ext LIKE @residents OR grain_id_ext LIKE @registers OR grain_id_ext LIKE @households OR grain_id_ext LIKE @domiciles
                    OR grain_id_ext = @keys OR grain_id_ext = @journal OR grain_id_ext = @console)
             ORDER BY grain_id_ext LIMIT @limit
            """;
        command.AddParameter("after", after);
        command.AddParameter("residents", $"r{municipalityCode}-%");
        command.AddParameter("registers", $"f{municipalityCode}-%");
        command.AddParameter("households", $"h{municipalityCode}-%");
        // A resident's registration for 本籍地 issuance, sealed with their residence city's key.
        command.AddParameter("domiciles", $"d{municipalityCode}-%");
        command.AddParameter("keys", $"k{municipalityCode}");
        command.AddParameter("journal", $"j{municipalityCode}");
        // The console's cookie key ring, sealed with the cluster's data key ("ccluster").
        command.AddParameter("console", $"c{municipalityCode}");
        command.AddParameter("limit", limit);
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetString(0));
        return found;
    }

    /// <summary>How many sealed states of <paramref name="municipalityCode"/> are stored, by the letter their grain key starts with (r, f, h).</summary>
    public async Task<IReadOnlyDictionary<char, int>> CountSealedAsync(string municipalityCode)
    {
        var counts = new Dictionary<char, int>();
        await using var connection = await OpenAsync();
        foreach (var prefix in new[] { 'r', 'f', 'h' })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(DISTINCT grain_id_ext) FROM grain_state WHERE payload IS NOT NULL AND grain_id_ext LIKE @prefix";
            command.AddParameter("prefix", $"{prefix}{municipalityCode}-%");
            counts[prefix] = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary>The municipality's data keys (id and when each was made), oldest first.</summary>
    public async Task<IReadOnlyList<(int KeyId, DateTimeOffset CreatedAt)>> DataKeysAsync(string municipalityCode)
    {
        var keys = new List<(int, DateTimeOffset)>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, created_at FROM data_keys WHERE municipality_code = @m ORDER BY key_id";
        command.AddParameter("m", municipalityCode);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var created = reader.GetValue(1) switch
            {
                DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
                string text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
                var other => throw new InvalidDataException($"Unexpected timestamp type {other.GetType().Name}"),
            };
            keys.Add((Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), created));
        }
        return keys;
    }

    /// <summary>The store the options name.</summary>
    public static RelationalStore Create(StoreOptions options) => options.Provider switch
    {
        StoreProvider.Postgres => new PostgresStore(options.ConnectionString!) { MigratesSchema = options.Migrate },
        _ => new SqliteStore(Path.Combine(options.DataDirectory, "certorleans.db")) { MigratesSchema = options.Migrate },
    };

    protected static IEnumerable<(int Version, string Name, string Sql)> Migrations(string folder)
    {
        var assembly = typeof(RelationalStore).Assembly;
        var prefix = $"CertOrleans.Storage.{folder}.";
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
