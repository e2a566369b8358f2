using System.Diagnostics;

namespace CertOrleans.Tests.Support;

/// <summary>The repository's own tools (Redocly under tools/openapi, Kiota from the tool manifest), run as a vendor would.</summary>
public static class RepositoryTools
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "CertOrleans.sln"))) return directory.FullName;
        throw new InvalidOperationException("The repository root (CertOrleans.sln) is not above the test binaries.");
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The address a vendor's document names, as an operator configures it (the tests' gateways listen on localhost).</summary>
    public const string PublishedAddress = "https://kiosk-gateway.city.test";

    /// <summary>
    /// The document of a gateway configured with <see cref="PublishedAddress"/>, as a vendor downloads it, saved to a
    /// file of its own.
    /// </summary>
    public static async Task<string> SaveDocumentAsync(GatewayFixture fixture)
    {
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:ApiDocument:ServerUrl"] = PublishedAddress });
        try
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-openapi-").FullName, "v1.json");
            await File.WriteAllTextAsync(file, await fixture.Client(terminalId: null, gateway: address).GetStringAsync("openapi/v1.json"));
            return file;
        }
        finally
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }
    }
}
