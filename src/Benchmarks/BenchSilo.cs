using CertOrleans.Grains.Hosting;
using CertOrleans.Grains.Protection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace CertOrleans.Benchmarks;

/// <summary>A silo in the benchmark's own process, configured like production (AddCertOrleans) on the given store.</summary>
public static class BenchSilo
{
    public static async Task<IHost> StartAsync(string name, int siloPort, IDictionary<string, string?> store)
    {
        var settings = new Dictionary<string, string?>(store)
        {
            ["CertOrleans:Encryption:KeyEncryptionKey"] = KeyEncryptionKey.NewBase64(),
            ["Municipalities:092011:Name"] = "宇都宮市", ["Municipalities:092011:Prefecture"] = "栃木県",
            ["Municipalities:092011:MayorTitle"] = "宇都宮市長", ["Municipalities:092011:MayorName"] = "鬼怒川　誠",
            ["Municipalities:092011:Fees:juminhyo"] = "200",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0);
            silo.Configure<ClusterOptions>(o => { o.ClusterId = name; o.ServiceId = $"certorleans-{name}"; });
            silo.AddCertOrleans(configuration);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
