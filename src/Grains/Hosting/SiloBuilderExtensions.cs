using CertOrleans.Grains.Lifecycle;
using CertOrleans.Grains.Municipalities;
using CertOrleans.Grains.Requests;
using CertOrleans.Grains.Storage;
using CertOrleans.Grains.Storage.Postgres;
using CertOrleans.Grains.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Everything a CertOrleans silo needs besides clustering: the store (grain storage through Orleans' ADO.NET
    /// provider with our own schema), the lifecycle journal, municipalities and request options.
    /// Configuration: <c>CertOrleans:Store</c> (<c>sqlite</c>, the default, or <c>postgres</c>),
    /// <c>CertOrleans:DataDirectory</c> (SQLite), <c>CertOrleans:PostgresConnectionString</c>,
    /// <c>Municipalities</c>, <c>Requests</c>.
    /// </summary>
    public static ISiloBuilder AddCertOrleans(this ISiloBuilder silo, IConfiguration configuration)
    {
        var store = CreateStore(configuration);

        silo.Services.AddSingleton(store);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStartup>();
        silo.Services.AddSingleton<ILifecycleJournal, RelationalLifecycleJournal>();
        silo.Services.Configure<MunicipalitySeedOptions>(o => configuration.GetSection(MunicipalitySeedOptions.Section).Bind(o.Municipalities));
        silo.Services.AddOptions<RequestOptions>().Bind(configuration.GetSection(RequestOptions.Section));

        silo.AddAdoNetGrainStorage(StorageNames.Default, options =>
        {
            options.Invariant = store.Invariant;
            options.ConnectionString = store.ConnectionString;
        });
        return silo;
    }

    /// <summary>The store named by configuration; a wrong or incomplete choice is a clear startup error.</summary>
    public static RelationalStore CreateStore(IConfiguration configuration)
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
}
