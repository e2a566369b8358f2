using System.Reflection;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Tests.Hosting;

/// <summary>An operator filters and alerts on event ids: each one names one kind of line, in every CertOrleans assembly.</summary>
public sealed class EventIdTests
{
    [Fact]
    public void No_event_id_names_two_kinds_of_log_line()
    {
        // The assemblies that log (src/Gateway, src/Grains, src/ServiceDefaults, src/SiloHosting).
        Assembly[] assemblies = [typeof(CertOrleans.Gateway.GatewayApplication).Assembly, typeof(CertOrleans.Grains.Journal.ActJournal).Assembly,
            typeof(CertOrleans.ServiceDefaults.ServiceDefaultsExtensions).Assembly, typeof(CertOrleans.SiloHosting.SiloThreads).Assembly];
        var messages = assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();
        Assert.True(messages.Count > 20, $"only {messages.Count} log messages found");
        var twice = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(twice.Count == 0, string.Join('\n', twice));
    }
}
