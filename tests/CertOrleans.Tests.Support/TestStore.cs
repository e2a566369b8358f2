using Npgsql;

namespace CertOrleans.Tests.Support;

/// <summary>
/// Where a test cluster keeps its data: a fresh SQLite file, or a fresh database on the private PostgreSQL
/// server that ./test.sh starts (CERTORLEANS_TEST_POSTGRES). Pass the same instance again to restart a
/// cluster on the same data.
/// </summary>
public sealed class TestStore
{
    public const string PostgresVariable = "CERTORLEANS_TEST_POSTGRES";

    private TestStore(string kind, IReadOnlyDictionary<string, string?> settings)
    {
        Kind = kind;
        Settings = settings;
    }

    public string Kind { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static TestStore Create(string kind) => kind switch
    {
        "sqlite" => Sqlite(),
        "postgres" => Postgres(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TestStore Sqlite() => new("sqlite", new Dictionary<string, string?>
    {
        ["Store:Provider"] = "Sqlite",
        ["Store:DataDirectory"] = Directory.CreateTempSubdirectory("certorleans-test-").FullName,
        ["Encryption:KeyEncryptionKey"] = CertOrleans.Storage.Protection.KeyEncryptionKey.NewBase64(),
    });

    /// <summary>The same data with another key-encryption key (as if the key file were lost or swapped).</summary>
    public TestStore WithKeyEncryptionKey(string base64) =>
        new(Kind, new Dictionary<string, string?>(Settings) { ["Encryption:KeyEncryptionKey"] = base64 });

    public static TestStore Postgres()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which starts a private PostgreSQL server.");
        var database = $"certorleans_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            create.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 30 };
        return new("postgres", new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["ConnectionStrings:certorleans"] = builder.ConnectionString,
            ["Encryption:KeyEncryptionKey"] = CertOrleans.Storage.Protection.KeyEncryptionKey.NewBase64(),
        });
    }

    public string? DataDirectory => Settings.GetValueOrDefault("Store:DataDirectory");

    public string? PostgresConnectionString => Settings.GetValueOrDefault("ConnectionStrings:certorleans");
}
