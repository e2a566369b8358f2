using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.ServiceDefaults;

/// <summary>A certificate this process cannot work without, by the name an operator's alert shows.</summary>
public sealed record WatchedCertificate(string Name, X509Certificate2 Certificate);

/// <summary>
/// When each certificate this process relies on stops being valid (<c>certorleans_certificate_expires_at_seconds</c>,
/// Unix time, by <c>certificate</c>), so an operator is warned weeks before a lapse stops the cluster (its mutual
/// TLS), the kiosks (the gateway's HTTPS, the terminal CA) or every card login (the card CA). Nothing personal:
/// the names are the roles of certificates, not their subjects.
/// </summary>
public sealed class CertificateExpiry
{
    public const string MeterName = "CertOrleans.Certificates";

    public CertificateExpiry(IMeterFactory meters, IEnumerable<WatchedCertificate> watched)
    {
        var expiries = watched
            .GroupBy(w => w.Name, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, NotAfter: g.Min(w => new DateTimeOffset(w.Certificate.NotAfter.ToUniversalTime()))))
            .ToArray();
        meters.Create(MeterName).CreateObservableGauge("certorleans.certificate.expires_at",
            () => expiries.Select(e => new Measurement<long>(e.NotAfter.ToUnixTimeSeconds(), new KeyValuePair<string, object?>("certificate", e.Name))),
            unit: "s", description: "When each certificate this process relies on expires (Unix time)");
    }
}

public static class CertificateExpiryExtensions
{
    /// <summary>Watches these certificates (more may be added by other registrations of <see cref="WatchedCertificate"/>).</summary>
    public static IServiceCollection AddWatchedCertificates(this IServiceCollection services, params WatchedCertificate[] certificates)
    {
        foreach (var certificate in certificates) services.AddSingleton(certificate);
        return services;
    }
}
