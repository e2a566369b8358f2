using CertOrleans.Contracts.Configuration;
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
    public static StoreOptions Read(IConfiguration configuration) => configuration.GetValidated<StoreOptions, StoreOptionsValidator>(
        Section, options => options.ConnectionString = configuration.GetConnectionString(ConnectionStringName));
}

public sealed class StoreOptionsValidator : OptionsValidator<StoreOptions>
{
    protected override IEnumerable<string> Problems(StoreOptions options)
    {
        if (options.Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
            yield return $"Store:Provider is Postgres but ConnectionStrings:{StoreOptions.ConnectionStringName} is not set.";
        if (options.Provider == StoreProvider.Sqlite && string.IsNullOrWhiteSpace(options.DataDirectory))
            yield return "Store:DataDirectory must name a folder for the SQLite store.";
        if (!Enum.IsDefined(options.Provider))
            yield return $"Store:Provider must be Sqlite or Postgres, not '{options.Provider}'.";
    }
}
