using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using CertOrleans.ServiceDefaults.Logging;
using OpenTelemetry.Metrics;

namespace CertOrleans.ServiceDefaults;

/// <summary>
/// What every CertOrleans web host has, mapped the same way (in the spirit of eShop's ServiceDefaults):
/// liveness, readiness, Prometheus metrics and console logs with personal keys redacted. Nothing here carries
/// personal data or changes anything.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>Redacted console logs, health checks, and OpenTelemetry metrics from Orleans, ASP.NET Core and the given meters.</summary>
    public static IHealthChecksBuilder AddServiceDefaults(this IHostApplicationBuilder builder, params string[] meters)
    {
        builder.Logging.AddRedactedConsole();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter([.. meters, CertificateExpiry.MeterName, "Microsoft.Orleans"])
            .AddPrometheusExporter());
        builder.Services.AddSingleton<CertificateExpiry>();
        return builder.Services.AddHealthChecks();
    }

    /// <summary>A check that decides readiness (liveness only says the process answers).</summary>
    public static IHealthChecksBuilder AddReadinessCheck<T>(this IHealthChecksBuilder checks, string name) where T : class, IHealthCheck =>
        checks.AddCheck<T>(name, tags: [ReadyTag]);

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint("/metrics");
        // The expiry gauge is registered when its singleton is made: made here, so /metrics has it from the start.
        app.Services.GetRequiredService<CertificateExpiry>();
        return app;
    }
}
