namespace CertOrleans.Tests.Support;

/// <summary>Runs one of the project's command-line tools (built beside the tests) as its own process, as an operator would.</summary>
public static class ToolProcess
{
    /// <param name="assembly">The tool's file name in the test folder, e.g. CertOrleans.Admin.dll.</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string assembly, IEnumerable<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The operators' tool, CertOrleans.Admin.</summary>
    public static Task<(int ExitCode, string Output, string Error)> AdminAsync(string[] arguments) => RunAsync("CertOrleans.Admin.dll", arguments);
}
