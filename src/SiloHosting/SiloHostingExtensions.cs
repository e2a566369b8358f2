using CertOrleans.Contracts.Configuration;
using CertOrleans.Grains.Requests;
using CertOrleans.ServiceDefaults.Configuration;
using CertOrleans.ServiceDefaults.Security;
using CertOrleans.ServiceDefaults;
using CertOrleans.SiloHosting.Health;
using CertOrleans.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CertOrleans.SiloHosting;

/// <summary>A CertOrleans silo host: Orleans with the settings' clustering, our services, and the operations endpoint.</summary>
public static class SiloHostingExtensions
{
    public static WebApplicationBuilder AddCertOrleansSilo(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddCertOrleansDefaults();
        var operations = builder.Configuration.GetValidated<OperationsOptions, OperationsOptionsValidator>(OperationsOptions.Section);
        builder.WebHost.UseUrls(operations.Url);
        // SIGTERM: leave the cluster gracefully (membership says Dead, activations end and write their records).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
        builder.AddServiceDefaults(IssuanceMetrics.MeterName, CertOrleans.Grains.Journal.JournalMetrics.MeterName).AddReadinessCheck<SiloHealthCheck>("silo")
            .AddReadinessCheck<CardRevocationHealthCheck>("card-revocation");
        var tls = ClusterTls.Load(builder.Configuration);
        builder.Services.AddWatchedCertificates(new("cluster-member", tls.Certificate), new("cluster-ca", tls.Authority))
            .AddSingleton(services => new WatchedCertificate("card-ca", services.GetRequiredService<CertOrleans.Grains.Cards.CardTrust>().Root));
        builder.UseOrleans(silo => silo.AddCertOrleans(builder.Configuration).UseTls(tls.Certificate, tls.Configure));
        return builder;
    }

    /// <summary>The membership table lives in the store: its schema must exist (applied, or checked) before clustering starts.</summary>
    public static Task PrepareStoreSchemaAsync(this IConfiguration configuration, CancellationToken cancellationToken) =>
        RelationalStore.Create(StoreOptions.Read(configuration)).PrepareSchemaAsync(cancellationToken);
}
