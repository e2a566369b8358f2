using CertOrleans.Contracts.Configuration;
using CertOrleans.Gateway.Admission;
using CertOrleans.Gateway.ApiDocument;
using System.Text.Json;
using CertOrleans.Gateway.Apis;
using CertOrleans.Gateway.Languages;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CertOrleans.ServiceDefaults.Client;
using CertOrleans.ServiceDefaults;
using Orleans.Dashboard;
using Orleans.Configuration;

namespace CertOrleans.Gateway;

/// <summary>
/// Builds the terminal gateway: HTTPS only, terminals authenticated by client certificate, an Orleans client
/// to the silo cluster. Tests build it with their own cluster client and certificates.
/// </summary>
public static class GatewayApplication
{
    public sealed class Settings
    {
        /// <summary>When false the caller registers <see cref="IClusterClient"/> and <see cref="IGrainFactory"/> itself.</summary>
        public bool UseOrleansClient { get; init; } = true;

        /// <summary>When set, replaces the PEM files named in configuration.</summary>
        public GatewayCertificates? Certificates { get; init; }

        public Action<WebApplicationBuilder>? Configure { get; init; }
    }

    public static WebApplication Build(string[] args, Settings? settings = null)
    {
        settings ??= new Settings();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // The Orleans dashboard is served here, behind the administrator key, from the silos' dashboard services.
        if (settings.UseOrleansClient) builder.AddCertOrleansClient(client => client.AddDashboard());

        if (settings.Certificates is not null) builder.Services.AddSingleton(settings.Certificates);
        else builder.Services.TryAddSingleton(_ => GatewayCertificates.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton(services => new WatchedCertificate("gateway-https", services.GetRequiredService<GatewayCertificates>().Server))
            .AddSingleton(services => new WatchedCertificate("terminal-ca", services.GetRequiredService<GatewayCertificates>().TerminalRoot));
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Connection, header and body limits, minimum data rates and keep-alive: section Kestrel:Limits (appsettings.json).
            builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = kestrel.ApplicationServices.GetRequiredService<GatewayCertificates>().Server;
                // Ask for a certificate but let health and OpenAPI answer without one; the terminal API requires it.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                // TerminalCertificateHandler validates against the terminal CA only (not the machine store); TLS itself
                // never downloads what a stranger's certificate points at.
                https.AllowAnyClientCertificate();
                https.OnAuthenticate = (_, tls) => tls.CertificateChainPolicy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
                {
                    DisableCertificateDownloads = true,
                    RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                };
            });
        });

        // Framework-made problems (unknown route, wrong method) get a stable code like ours.
        // Every problem, ours or the framework's, is written here: on the terminal API its title is in the kiosk's language.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (!context.ProblemDetails.Extensions.ContainsKey("code"))
            {
                var code = ProblemResults.CodeForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
                context.ProblemDetails.Extensions["code"] = code;
                context.ProblemDetails.Type = ProblemResults.TypeBase + code;
            }
            if (KioskLanguages.Of(context.HttpContext) is { } language) ProblemResults.Localize(context.ProblemDetails, language);
        });
        builder.Services.AddExceptionHandler<IssuanceExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.Services.AddTerminalAuthentication();
        builder.Services.AddApiKeyAuthentication(builder.Configuration);
        builder.Services.AddApiDocument(builder.Configuration);
        builder.AddServiceDefaults(Telemetry.TerminalMetrics.MeterName).AddReadinessCheck<ClusterHealthCheck>("cluster");
        builder.Services.AddSingleton<Telemetry.TerminalMetrics>();
        builder.Services.AddHostedService<Deployment.GatewayDeploymentRecorder>();
        builder.Services.AddSingleton<Verification.CertificateCheck>();
        // The pages live in this assembly, whichever one hosts the gateway (its executable, or the tests).
        builder.Services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/Console", ConsoleAuthentication.Policy).AllowAnonymousToPage("/Console/SignIn"))
            .AddApplicationPart(typeof(GatewayApplication).Assembly);
        builder.Services.AddConsoleAuthentication(builder.Configuration);
        builder.Services.AddFlowAdmission(builder.Configuration);
        builder.Services.AddValidatedOptions<RegistryLimits, RegistryLimitsValidator>(builder.Configuration, RegistryLimits.Section);

        settings.Configure?.Invoke(builder);
        var gateway = builder.Configuration.GetValidated<GatewayOptions, GatewayOptionsValidator>(GatewayOptions.Section);
        // Every call has a deadline; past it the caller hears 503 request-timeout (a batch import is the exception).
        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
        {
            Timeout = gateway.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = context => ProblemResults.WriteAsync(context, GatewayErrorCodes.RequestTimeout),
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => gateway.Face.HidePages(o.Conventions));
        var behindProxies = builder.Services.AddTrustedProxies(gateway.ForwardedHeaders.KnownProxies);

        var app = builder.Build();
        if (behindProxies) app.UseForwardedHeaders();
        // Before the exception handler, so that an error answer is in the kiosk's language too.
        app.UseKioskLanguages();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        Telemetry.TerminalMetrics.UseTerminalMetrics(app);

        app.MapOpenApi();
        // Health and Prometheus scraping (no personal data: step names, status codes, outcomes, Orleans' own meters).
        app.MapDefaultEndpoints();
        if (gateway.Face.ServesKiosks())
        {
            app.MapTerminalRequestsApi();
            app.MapMunicipalitiesApi();
            app.MapDomicilesApi();
            app.MapIssuingKeysApi();
            app.MapRegistryApi();
            app.MapSwitchesApi();
            app.MapOperatorsApi();
            app.MapKeysApi();
            app.MapJournalApi();
            app.MapReportsApi();
            app.MapDeploymentsApi();
            if (settings.UseOrleansClient)
            {
                // The dashboard reads a silo address from these paths and fails with a 500 on one it cannot parse: that is
                // an unknown resource, answered 404 before the dashboard sees it.
                app.UseWhen(c => DashboardSiloPaths.HasUnreadableAddress(c.Request.Path), unreadable => unreadable.Run(context =>
                    ProblemResults.WriteAsync(context, GatewayErrorCodes.NotFound, "No such silo.")));
                app.MapOrleansDashboard(ApiKeyAuthentication.DashboardPath).RequireAuthorization(ApiKeyAuthentication.ClusterOperatorPolicy)
                    // The dashboard's own endpoints are a browser page's, not an API a vendor calls.
                    .ExcludeFromDescription();
            }
        }
        if (gateway.Face.ServesPublic()) app.MapVerificationApi();
        // The pages the face serves (the public ones: plain forms, limited per client address like /verify/v1).
        app.MapRazorPages().RequireRateLimiting(RateLimits.PerAddress);
        return app;
    }
}
