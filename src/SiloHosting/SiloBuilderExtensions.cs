using CertOrleans.Contracts.Configuration;
using CertOrleans.Grains.Cards;
using CertOrleans.Grains.Lifecycle;
using CertOrleans.Grains.Municipalities;
using CertOrleans.Grains.Requests;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using CertOrleans.Storage.Journal;
using CertOrleans.Storage.Protection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace CertOrleans.SiloHosting;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Everything a CertOrleans silo needs besides clustering (which Orleans reads from <c>Orleans:Clustering</c>
    /// itself): the store (grain state and reminders through Orleans' ADO.NET providers on our own schema), the
    /// request register and journal, encryption at rest, the card CA, municipalities and request limits.
    /// Settings: <see cref="StoreOptions"/>, <see cref="EncryptionOptions"/>, <see cref="CardTrustOptions"/>, <see cref="CardRevocationOptions"/>,
    /// <see cref="RehearsalOptions"/>, <see cref="MunicipalitySeedOptions"/>, <see cref="RequestOptions"/>.
    /// </summary>
    public static ISiloBuilder AddCertOrleans(this ISiloBuilder silo, IConfiguration configuration)
    {
        var store = RelationalStore.Create(StoreOptions.Read(configuration));
        silo.Services.AddSingleton(store);
        ServiceDefaults.Configuration.CachedGrainInterfaceTypes.AddTo(silo.Services);

        // TryAdd: a test host registers its own (fake) service clock and its own card CA.
        var rehearsal = configuration.GetValidated<RehearsalOptions, RehearsalOptionsValidator>(RehearsalOptions.Section);
        silo.Services.TryAddSingleton(new ServiceClock(rehearsal.ClockShift is { } shift ? new RehearsalClock(shift) : TimeProvider.System));
        silo.Services.TryAddSingleton(_ => CardTrust.Load(configuration.GetValidated<CardTrustOptions, CardTrustOptionsValidator>(CardTrustOptions.Section)));
        silo.Services.AddValidatedOptions<CardRevocationOptions, CardRevocationOptionsValidator>(configuration, CardRevocationOptions.Section);
        silo.Services.AddSingleton<CardRevocationList>();
        silo.Services.AddHostedService<CardRevocationRefresher>();
        silo.Services.AddSingleton(_ => KeyEncryptionKey.From(configuration));
        silo.Services.AddSingleton<DataKeyStore>();
        silo.Services.AddSingleton<JournalEntryAuthenticator>();
        silo.Services.AddSingleton<ProcessDeployment>();
        silo.Services.AddSingleton<CertOrleans.Grains.Journal.ActJournal>();
        silo.Services.AddSingleton<CertOrleans.Grains.Domiciles.FamilyRegisterDirectory>();
        silo.Services.AddSingleton<IAttributeToFactoryMapper<ProtectedStateAttribute>, ProtectedStateAttributeMapper>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStartup>();
        silo.Services.AddSingleton<ILifecycleJournal, RelationalLifecycleJournal>();
        silo.Services.AddMetrics();
        silo.Services.AddSingleton<IssuanceMetrics>();
        silo.Services.AddSingleton<CertOrleans.Grains.Journal.JournalMetrics>();
        silo.Services.AddRequestCollaborators();
        // Card certificate readings (a few hundred bytes each), remembered for minutes: bounded by entries.
        silo.Services.AddMemoryCache(o => o.SizeLimit = 20_000);
        silo.AddIncomingGrainCallFilter<StoreFailureFilter>();
        // The Orleans dashboard's silo side (grain call statistics); the gateway serves its pages to administrators.
        // Its counters every 10 s, not every second: each sample walks Orleans' directory cache (about 1 % of the
        // silo's CPU under load at the default, by perf).
        silo.AddDashboard(options => options.CounterUpdateIntervalMs = 10_000);
        silo.Services.AddValidatedOptions<MunicipalitySeedOptions, MunicipalitySeedOptionsValidator>(configuration, MunicipalitySeedOptions.Section);
        silo.Services.AddValidatedOptions<RequestOptions, RequestOptionsValidator>(configuration, RequestOptions.Section);
        silo.Services.AddValidatedOptions<VerificationPageOptions, VerificationPageOptionsValidator>(configuration, VerificationPageOptions.Section);
        // Failure detection, when an operator (or the fault test) needs it other than Orleans' defaults.
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));

        silo.AddAdoNetGrainStorage(StorageNames.Default, options =>
        {
            options.Invariant = store.Invariant;
            options.ConnectionString = store.ConnectionString;
        });
        StoreFailureStorage.Wrap(silo.Services, StorageNames.Default);
        // Reminders in the same store: the durable timers of the sweeper of abandoned requests and of retention.
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = store.Invariant;
            options.ConnectionString = store.ConnectionString;
        });
        var sweepPeriod = configuration.GetValidated<RequestOptions, RequestOptionsValidator>(RequestOptions.Section).AbandonedSweepPeriod;
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = sweepPeriod < o.MinimumReminderPeriod ? sweepPeriod : o.MinimumReminderPeriod);
        // Orleans' own binary format for grain state: compact and version-tolerant through the [Id] attributes,
        // where the default JSON would base64 every sealed blob and cost a third more bytes and time.
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Default)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return silo;
    }
}
