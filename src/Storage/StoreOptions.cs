using Microsoft.Extensions.Configuration;

namespace CertOrleans.Storage;

public enum StoreProvider
{
    /// <summary>A SQLite file in <see cref="StoreOptions.DataDirectory"/>: the embedded default, one silo.</summary>
    Sqlite,

    /// <summary>PostgreSQL at the connection string <c>ConnectionStrings:certorleans</c>: production and clusters.</summary>
    Postgres,
}

/// <summary>
/// Where a silo keeps its data (section <c>Store</c>). PostgreSQL's connection string is
/// <c>ConnectionStrings:certorleans</c>, the one Orleans' ADO.NET clustering also reads (<c>ConnectionName</c>),
/// so a cluster names its database once.
/// </summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "certorleans";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Whether the silo applies the schema at start (the default, and all SQLite needs). A PostgreSQL deployment with
    /// least privilege sets it to false: the silos' role reads and writes rows only, and the owner applies the schema
    /// once with <c>CertOrleans.Silo migrate</c>; a silo then refuses to start on a schema it lacks.
    /// </summary>
    public bool Migrate { get; set; } = true;

    /// <summary>Read from <c>ConnectionStrings:certorleans</c>, not from this section.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The options named by configuration; an incomplete choice is a clear start-up error.</summary>
    public static StoreOptions Read(IConfiguration configuration)
    {
        var options = new StoreOptions();
        Bind(configuration, options);
        if (options.Validate() is { } error) throw new InvalidOperationException(error);
        return options;
    }

    public static void Bind(IConfiguration configuration, StoreOptions options)
    {
        configuration.GetSection(Section).Bind(options);
        options.ConnectionString = configuration.GetConnectionString(ConnectionStringName);
    }

    /// <summary>The first problem with these settings, or null.</summary>
    public string? Validate() => Provider switch
    {
        StoreProvider.Postgres when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Store:Provider is Postgres but ConnectionStrings:{ConnectionStringName} is not set.",
        StoreProvider.Sqlite when string.IsNullOrWhiteSpace(DataDirectory) => "Store:DataDirectory must name a folder for the SQLite store.",
        StoreProvider.Sqlite or StoreProvider.Postgres => null,
        _ => $"Store:Provider must be Sqlite or Postgres, not '{Provider}'.",
    };
}
