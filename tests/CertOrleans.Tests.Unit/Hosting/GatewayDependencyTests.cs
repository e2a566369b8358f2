using System.Reflection;
using System.Text.Json;

namespace CertOrleans.Tests.Hosting;

/// <summary>
/// The gateway is a client of the cluster and nothing more: neither the grains, the store and its drivers for grain
/// state, nor the certificate renderer and its PDF library are in its process, directly or through another assembly.
/// No database driver ships with it at all: it finds the silos from the gateway endpoints it is given (Orleans'
/// Static clustering), not in the membership table.
/// </summary>
public sealed class GatewayDependencyTests
{
    /// <summary>Assembly (and package) names the gateway must not carry, by prefix.</summary>
    private static readonly string[] SiloOnly =
    [
        "CertOrleans.Grains", "CertOrleans.Storage", "CertOrleans.Rendering", "CertOrleans.SiloHosting", "CertOrleans.Silo",
        "PdfSharp", "PDFsharp", "OxyPlot", "Microsoft.Data.Sqlite", "SQLitePCLRaw",
        "Orleans.Persistence.AdoNet", "Microsoft.Orleans.Persistence.AdoNet", "Orleans.Reminders.AdoNet", "Microsoft.Orleans.Reminders.AdoNet",
        "Microsoft.Orleans.Server",
    ];

    private static readonly string[] DatabaseDrivers = ["Npgsql", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Microsoft.Data.SqlClient", "MySqlConnector"];

    [Fact]
    public void The_gateway_assembly_references_nothing_of_the_silo_even_through_another_assembly()
    {
        // The walk finds a silo's assemblies where they are: the silo's hosting reaches the grains through no direct use.
        Assert.Contains("CertOrleans.Rendering", ReferencesOf(typeof(CertOrleans.SiloHosting.SiloThreads).Assembly).Keys);
        var seen = ReferencesOf(typeof(CertOrleans.Gateway.GatewayApplication).Assembly);
        Assert.Contains("CertOrleans.ServiceDefaults", seen.Keys);
        Assert.Contains("CertOrleans.Documents", seen.Keys);
        var found = seen.Where(s => IsSiloOnly(s.Key) || Is(s.Key, DatabaseDrivers)).Select(s => $"{s.Key} (referenced by {s.Value})").ToList();
        Assert.True(found.Count == 0, "The gateway references: " + string.Join(", ", found));
    }

    /// <summary>Every assembly an assembly references, and the assemblies those reference, each with the first that referenced it.</summary>
    private static Dictionary<string, string> ReferencesOf(Assembly root)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!seen.TryAdd(reference.Name!, assembly.GetName().Name!)) continue;
                try
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
                catch (FileNotFoundException)
                {
                    // Referenced but not shipped (a facade of the framework): nothing further to walk.
                }
            }
        }
        return seen;
    }

    [Fact]
    public void The_gateway_is_built_and_deployed_without_any_silo_package()
    {
        // The deps.json lists every library the gateway runs with, packages that no assembly names included.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var deps = Path.Combine(RepositoryTools.Root, "src", "Gateway", "bin", configuration, "net10.0", "CertOrleans.Gateway.deps.json");
        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name[..l.Name.IndexOf('/')]).ToList();
        Assert.Contains("CertOrleans.ServiceDefaults", libraries);
        var found = libraries.Where(IsSiloOnly).ToList();
        Assert.True(found.Count == 0, "The gateway's deps.json lists: " + string.Join(", ", found));
        Assert.DoesNotContain(libraries, l => Is(l, DatabaseDrivers) || Is(l, ["Microsoft.Orleans.Clustering.AdoNet", "Orleans.Clustering.AdoNet"]));
    }

    private static bool IsSiloOnly(string name) => Is(name, SiloOnly);

    private static bool Is(string name, string[] prefixes) =>
        prefixes.Any(prefix => name.Equals(prefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(prefix + ".", StringComparison.OrdinalIgnoreCase));
}
