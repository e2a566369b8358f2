using CertOrleans.Grains.Lifecycle;
using CertOrleans.Grains.Municipalities;
using CertOrleans.Grains.Protection;
using CertOrleans.Grains.Requests;
using CertOrleans.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

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
        var store = RelationalStore.FromConfiguration(configuration);

        silo.Services.AddSingleton(store);
        // TryAdd: a test host registers its own (fake) service clock.
        silo.Services.TryAddSingleton(new ServiceClock(configuration[RehearsalClock.Key] is { Length: > 0 } rehearsal
            ? new RehearsalClock(TimeSpan.Parse(rehearsal, System.Globalization.CultureInfo.InvariantCulture))
            : TimeProvider.System));
        silo.Services.AddSingleton(_ => KeyEncryptionKey.FromConfiguration(configuration));
        silo.Services.AddSingleton<DataKeyStore>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStartup>();
        silo.Services.AddSingleton<ILifecycleJournal, RelationalLifecycleJournal>();
        silo.Services.AddMetrics();
        silo.Services.AddSingleton<IssuanceMetrics>();
        silo.AddIncomingGrainCallFilter<StoreFailureFilter>();
        // The Orleans dashboard's silo side (grain call statistics); the gateway serves its pages to administrators.
        silo.AddDashboard();
        silo.Services.Configure<MunicipalitySeedOptions>(o => configuration.GetSection(MunicipalitySeedOptions.Section).Bind(o.Municipalities));
        silo.Services.AddOptions<RequestOptions>().Bind(configuration.GetSection(RequestOptions.Section));

        silo.AddAdoNetGrainStorage(StorageNames.Default, options =>
        {
            options.Invariant = store.Invariant;
            options.ConnectionString = store.ConnectionString;
        });
        // Reminders in the same store: the one durable timer CertOrleans needs is the sweeper of abandoned requests.
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = store.Invariant;
            options.ConnectionString = store.ConnectionString;
        });
        var sweepPeriod = configuration.GetSection(RequestOptions.Section).Get<RequestOptions>()?.AbandonedSweepPeriod ?? new RequestOptions().AbandonedSweepPeriod;
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = sweepPeriod < o.MinimumReminderPeriod ? sweepPeriod : o.MinimumReminderPeriod);
        // Orleans' own binary format for grain state: compact and version-tolerant through the [Id] attributes,
        // where the default JSON would base64 every sealed blob and cost a third more bytes and time.
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Default)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return silo;
    }
}
