using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CertOrleans.Admin.Verification;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Admin.Commands;

/// <summary>
/// build manifest / release / verify: what a build is made of, recording a release, and rebuilding a commit from a
/// clean checkout to compare it with a manifest or with a deployment the cluster chain recorded.
/// </summary>
internal static class BuildCommands
{
    /// <summary>The programs whose starts are recorded, and where their projects are.</summary>
    private static readonly Dictionary<string, string> Projects = new() { ["silo"] = "src/Silo/CertOrleans.Silo.csproj", ["gateway"] = "src/Gateway/CertOrleans.Gateway.csproj" };

    public static Command Create(SharedOptions shared)
    {
        var folder = new Option<DirectoryInfo>("--dir") { Description = "A build's output folder (where CertOrleans.*.dll are)", Required = true };
        var manifestOut = new Option<FileInfo?>("--out") { Description = "Where the manifest is written (default: printed)" };
        var manifestCommand = new Command("manifest", "The build manifest of a program folder: version, commit, the SHA-256 of each CertOrleans assembly, and the build's digest") { folder, manifestOut };
        manifestCommand.SetAction(parse => CommandRunner.Run(async () =>
        {
            var dir = parse.GetValue(folder)!;
            if (!dir.Exists) throw new UsageException($"No such folder: {dir.FullName}");
            var manifest = BuildManifest.Of(dir.FullName);
            var json = JsonSerializer.Serialize(new { manifest.Version, manifest.Commit, manifest.Assemblies }, OfflineJournal.Json);
            if (parse.GetValue(manifestOut) is { } file) await File.WriteAllTextAsync(file.FullName, json);
            else Console.WriteLine(json);
            Console.Error.WriteLine($"build {manifest.Digest} ({manifest.Version}, commit {manifest.Commit}, {manifest.Assemblies.Count} assemblies)");
            return 0;
        }));

        var manifestIn = new Option<FileInfo?>("--manifest") { Description = "A build manifest (build manifest --out)" };
        var release = new Command("release", "Record a release's build manifest in the cluster chain (cluster operators); deployments are matched against it")
            { manifestIn, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        release.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            var manifest = ReadManifest(parse.GetValue(manifestIn) ?? throw new UsageException("Give --manifest FILE."));
            using var gateway = shared.Gateway(parse, registry: false);
            var recorded = await gateway.SendAsync(HttpMethod.Post, "admin/v1/releases", new { manifest.Version, manifest.Commit, manifest.Assemblies }, ct);
            Console.WriteLine($"release {manifest.Version} (build {recorded.GetProperty("build").GetString()}) recorded as cluster entry {recorded.GetProperty("sequence").GetInt64()}");
            return 0;
        }));

        var commit = new Option<string>("--commit") { Description = "The commit to rebuild (the deployment's, by default)" };
        var repository = new Option<string>("--repo") { Description = "The repository to clone the commit from", DefaultValueFactory = _ => "." };
        var deployment = new Option<long?>("--deployment") { Description = "A deployment entry of the cluster chain (GET /admin/v1/deployments) to compare with" };
        var process = new Option<string>("--process") { Description = "With --manifest: which program it describes (silo or gateway)", DefaultValueFactory = _ => "silo" };
        var verify = new Command("verify",
            "Rebuild a commit from a clean checkout and compare its assemblies with a manifest or a recorded deployment: same build (0), different (4)")
            { commit, repository, manifestIn, process, deployment, shared.Data, shared.GatewayAddress, shared.GatewayCa, shared.KeyFile };
        verify.SetAction((parse, ct) => CommandRunner.Run(async () =>
        {
            BuildManifest expected;
            string program;
            if (parse.GetValue(deployment) is { } sequence)
            {
                using var gateway = shared.Gateway(parse, registry: false);
                var found = (await gateway.SendAsync(HttpMethod.Get, "admin/v1/deployments?limit=500", null, ct)).EnumerateArray()
                    .FirstOrDefault(d => d.GetProperty("sequence").GetInt64() == sequence);
                if (found.ValueKind == JsonValueKind.Undefined) throw new UsageException($"No deployment entry {sequence} among the newest 500.");
                program = found.GetProperty("process").GetString()!;
                expected = new BuildManifest(found.GetProperty("version").GetString()!, found.GetProperty("commit").GetString()!,
                    found.GetProperty("assemblies").Deserialize<Dictionary<string, string>>()!);
            }
            else
            {
                expected = ReadManifest(parse.GetValue(manifestIn) ?? throw new UsageException("Give --deployment N or --manifest FILE."));
                program = parse.GetValue(process)!;
            }
            if (!Projects.TryGetValue(program, out var project)) throw new UsageException($"--process is silo or gateway, not '{program}'.");
            var sha = parse.GetValue(commit) ?? expected.Commit;
            if (sha == "unknown") throw new UsageException("The manifest names no commit: give --commit.");
            var rebuilt = await RebuildAsync(parse.GetValue(repository)!, sha, project, ct);
            var differences = rebuilt.Differences(expected);
            if (differences.Count == 0)
            {
                Console.WriteLine($"same build: commit {sha} rebuilt from a clean checkout gives build {rebuilt.Digest}, as recorded ({rebuilt.Assemblies.Count} assemblies)");
                return 0;
            }
            Console.WriteLine($"DIFFERENT: commit {sha} rebuilt gives build {rebuilt.Digest}, not {expected.Digest}:");
            foreach (var line in differences) Console.WriteLine("  " + line);
            return 4;
        }));
        return new Command("build", "What a build is made of, and whether a running build is the one its commit gives") { manifestCommand, release, verify };
    }

    private static BuildManifest ReadManifest(FileInfo file)
    {
        if (!file.Exists) throw new UsageException($"No such file: {file.FullName}");
        try
        {
            var manifest = JsonSerializer.Deserialize<BuildManifest>(File.ReadAllText(file.FullName), OfflineJournal.Json);
            return manifest?.Assemblies is { Count: > 0 } ? manifest : throw new InvalidDataException($"{file.FullName} names no assemblies.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file.FullName} is not a build manifest: {ex.Message}");
        }
    }

    /// <summary>Clones the commit into a new folder, builds the program there, and takes its manifest; the folder is removed after.</summary>
    private static async Task<BuildManifest> RebuildAsync(string repository, string commit, string project, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("certorleans-build-verify-");
        try
        {
            await RunAsync("git", ["clone", "--quiet", "--no-checkout", Path.GetFullPath(repository), work.FullName], null, ct);
            await RunAsync("git", ["checkout", "--quiet", commit], work.FullName, ct);
            Console.Error.WriteLine($"building {project} at {commit} in {work.FullName} …");
            await RunAsync("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q"], work.FullName, ct);
            return BuildManifest.Of(Path.Combine(work.FullName, Path.GetDirectoryName(project)!, "bin", "Release", "net10.0"));
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { /* a build server may hold a file; the temp folder is the OS's */ }
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string? directory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory ?? Environment.CurrentDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started.");
        var output = child.StandardOutput.ReadToEndAsync(ct);
        var errors = child.StandardError.ReadToEndAsync(ct);
        await child.WaitForExitAsync(ct);
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {child.ExitCode}): {(await errors + await output).Trim()}");
    }
}
