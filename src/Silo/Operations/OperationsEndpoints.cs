using CertOrleans.Grains.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CertOrleans.Silo.Operations;

/// <summary>
/// The silo's own HTTP endpoint for operators and their monitoring, on <c>CertOrleans:OperationsUrl</c>
/// (default http://127.0.0.1:9411, loopback only): liveness, readiness, and Prometheus metrics (issuances by
/// type and outcome, Orleans' own meters). Nothing here carries personal data; nothing here changes anything.
/// </summary>
public static class OperationsEndpoints
{
    public const string DefaultUrl = "http://127.0.0.1:9411";

    public static WebApplicationBuilder AddOperationsEndpoints(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseUrls(builder.Configuration["CertOrleans:OperationsUrl"] ?? DefaultUrl);
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IssuanceMetrics.MeterName, "Microsoft.Orleans")
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapOperationsEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
