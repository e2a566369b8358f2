using CertOrleans.ServiceDefaults.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Metadata;

namespace CertOrleans.Tests.Hosting;

/// <summary>The cache in front of Orleans' grain interface resolution names every interface exactly as Orleans does.</summary>
public sealed class CachedGrainInterfaceTypesTests
{
    [Fact]
    public void Every_grain_interface_resolves_as_orleans_resolves_it_and_again_from_the_cache()
    {
        var interfaces = typeof(Contracts.Residents.IResidentGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && !t.IsGenericTypeDefinition && typeof(IGrain).IsAssignableFrom(t)).ToList();
        Assert.True(interfaces.Count >= 15, $"only {interfaces.Count} grain interfaces found");
        var orleans = Resolver(cached: false);
        var cached = Resolver(cached: true);
        foreach (var type in interfaces)
        {
            var expected = orleans.GetGrainInterfaceType(type);
            Assert.Equal(expected, cached.GetGrainInterfaceType(type));
            Assert.Equal(expected, cached.GetGrainInterfaceType(type));
        }
    }

    private static GrainInterfaceTypeResolver Resolver(bool cached)
    {
        var host = Host.CreateDefaultBuilder().UseOrleansClient(client =>
        {
            client.UseLocalhostClustering();
            if (cached) CachedGrainInterfaceTypes.AddTo(client.Services);
        }).Build();
        return host.Services.GetRequiredService<GrainInterfaceTypeResolver>();
    }
}
