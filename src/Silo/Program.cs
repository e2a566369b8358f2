using CertOrleans.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

// The issuance silo on its embedded default: localhost clustering, grain storage in data/certorleans.db.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(
        siloPort: builder.Configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
        gatewayPort: builder.Configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
    silo.Configure<ClusterOptions>(o =>
    {
        o.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "certorleans-dev";
        o.ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "certorleans";
    });
    silo.AddCertOrleans(builder.Configuration);
});

await builder.Build().RunAsync();
