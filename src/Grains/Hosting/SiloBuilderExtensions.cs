using CertOrleans.Grains.Lifecycle;
using CertOrleans.Grains.Municipalities;
using CertOrleans.Grains.Requests;
using CertOrleans.Grains.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.Grains.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Everything a CertOrleans silo needs besides clustering: the embedded SQLite store (grain storage through
    /// Orleans' ADO.NET provider with our own schema), the lifecycle journal, municipalities and request options.
    /// Configuration: <c>CertOrleans:DataDirectory</c>, <c>Municipalities</c>, <c>Requests</c>.
    /// </summary>
    public static ISiloBuilder AddCertOrleans(this ISiloBuilder silo, IConfiguration configuration)
    {
        var dataDirectory = configuration["CertOrleans:DataDirectory"] is { Length: > 0 } configured ? configured : "data";
        var store = new SqliteStore(Path.Combine(dataDirectory, "certorleans.db"));

        silo.Services.AddSingleton(store);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStartup>();
        silo.Services.AddSingleton<ILifecycleJournal, SqliteLifecycleJournal>();
        silo.Services.Configure<MunicipalitySeedOptions>(o => configuration.GetSection(MunicipalitySeedOptions.Section).Bind(o.Municipalities));
        silo.Services.AddOptions<RequestOptions>().Bind(configuration.GetSection(RequestOptions.Section));

        silo.AddAdoNetGrainStorage(StorageNames.Default, options =>
        {
            options.Invariant = SqliteStore.Invariant;
            options.ConnectionString = store.ConnectionString;
        });
        return silo;
    }
}
