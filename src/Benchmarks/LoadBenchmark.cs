using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CertOrleans.Feed;
using CertOrleans.SiloHosting;
using CertOrleans.Storage.Protection;
using CertOrleans.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace CertOrleans.Benchmarks;

/// <summary>
/// Loads a city through the batch path (the same FeedImport the registry API and the admin import use) into a
/// fresh silo on one store, then measures the same database's raw rate for plain single-row upserts of rows of
/// the same size with the same number of writers in flight: the floor to compare against.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<int> RunAsync(string store, string? postgres, DirectoryInfo city, int limit, int touch, TextWriter output, DirectoryInfo? gcdump = null)
    {
        var residentsFile = Path.Combine(city.FullName, "residents.jsonl");
        if (!File.Exists(residentsFile)) { Console.Error.WriteLine($"No {residentsFile}: generate it with `CertOrleans.Admin.dll demo city --out {city.FullName}`."); return 2; }
        var settings = new Dictionary<string, string?> { ["Store:Provider"] = store };
        if (store == "sqlite") settings["Store:DataDirectory"] = Directory.CreateTempSubdirectory("certorleans-bench-").FullName;
        else settings[$"ConnectionStrings:{StoreOptions.ConnectionStringName}"] = await CreateDatabaseAsync(postgres ?? throw new ArgumentException("--postgres is required for the postgres store"));
        SiloThreads.Configure();
        using var host = await BenchSilo.StartAsync("bench", 21111, settings);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var relational = host.Services.GetRequiredService<RelationalStore>();

        output.WriteLine($"load benchmark: {store} ({relational.Description}); {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}; {FeedImport.Parallelism} records in flight");
        var watch = Stopwatch.StartNew();
        var count = 0;
        var before = GC.GetTotalMemory(false);
        ImportReport report;
        using (var reader = new LimitedReader(new StreamReader(residentsFile), limit))
        {
            report = await FeedImport.ImportAsync(reader, grains, default, initial: true, onOutcome: _ =>
            {
                var done = Interlocked.Increment(ref count);
                if (done % 50_000 == 0) Console.Error.WriteLine($"… {done:N0} residents, {done / watch.Elapsed.TotalSeconds:F0}/s");
                return ValueTask.CompletedTask;
            });
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var rate = report.Total / seconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch load: {report.Total:N0} residents ({report.Applied:N0} applied, {report.Rejected.Count} rejected) in {seconds:F1} s = {rate:F0} residents/s"));

        var averageBytes = await AveragePayloadAsync(relational);
        GC.Collect();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored payload: {averageBytes:F0} bytes per resident on average (sealed); managed heap after load {GC.GetTotalMemory(true) / 1048576.0:F0} MiB (before {before / 1048576.0:F0} MiB)"));

        if (touch > 0) await TouchAsync(grains, Math.Min(touch, report.Applied), output, gcdump);

        var raw = await RawUpsertRateAsync(relational, report.Total, (int)averageBytes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw upserts: {report.Total:N0} rows of {averageBytes:F0} bytes, {FeedImport.Parallelism} in flight, = {raw:F0} rows/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: batch load reaches {rate / raw:P0} of the raw upsert rate"));
        await host.StopAsync();
        return 0;
    }

    /// <summary>Memory with <paramref name="count"/> recently used residents: each is activated (read, decrypted) and stays until idle collection.</summary>
    private static async Task TouchAsync(IGrainFactory grains, int count, TextWriter output, DirectoryInfo? gcdump)
    {
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(true);
        if (gcdump is not null) await HeapDumpAsync(gcdump, "before-touch", output);
        var setBefore = Environment.WorkingSet;
        var watch = Stopwatch.StartNew();
        var today = new DateOnly(2026, 11, 26);
        using var window = new SemaphoreSlim(FeedImport.Parallelism);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await window.WaitAsync();
            try
            {
                var key = new Contracts.Residents.ResidentKey("092011", (100000001 + i).ToString(CultureInfo.InvariantCulture));
                await grains.GetGrain<Contracts.Residents.IResidentGrain>(key.GrainKey).Prepare(Contracts.Certificates.CertificateType.ResidentRecordCopy, today);
            }
            finally
            {
                window.Release();
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        GC.Collect();
        var heapAfter = GC.GetTotalMemory(true);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recently used: {count:N0} resident grains activated in {seconds:F1} s; managed heap {heapBefore / 1048576.0:F0} → {heapAfter / 1048576.0:F0} MiB " +
            $"({(heapAfter - heapBefore) / (double)count:F0} bytes per active resident); working set {setBefore / 1048576.0:F0} → {Environment.WorkingSet / 1048576.0:F0} MiB"));
        if (gcdump is not null) await HeapDumpAsync(gcdump, "after-touch", output);
    }

    /// <summary>A heap dump of this process by dotnet-gcdump (installed as a global tool): what each type holds, to compare before and after.</summary>
    private static async Task HeapDumpAsync(DirectoryInfo folder, string name, TextWriter output)
    {
        folder.Create();
        var file = Path.Combine(folder.FullName, name + ".gcdump");
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        using var process = Process.Start(new ProcessStartInfo(File.Exists(tool) ? tool : "dotnet-gcdump", ["collect", "-p", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", file])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        output.WriteLine(process.ExitCode == 0 ? $"heap dump: {file}" : $"heap dump failed ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}");
    }

    private static async Task<double> AveragePayloadAsync(RelationalStore store)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT AVG(LENGTH(payload)) FROM grain_state WHERE grain_type = 'resident'";
        return Convert.ToDouble(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The floor: single-row upserts (autocommit) of random rows of the same size, same concurrency, same database.</summary>
    private static async Task<double> RawUpsertRateAsync(RelationalStore store, int rows, int size)
    {
        await using (var connection = await store.OpenAsync())
        {
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS bench_raw (id text PRIMARY KEY, payload " + (store.Invariant == "Npgsql" ? "bytea" : "BLOB") + " NOT NULL)";
            await create.ExecuteNonQueryAsync();
        }
        var payload = new byte[size];
        Random.Shared.NextBytes(payload);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, FeedImport.Parallelism).Select(async _ =>
        {
            await using var connection = await store.OpenAsync();
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= rows) break;
                await using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO bench_raw (id, payload) VALUES (@id, @p) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload";
                command.AddParameter("id", $"r{i}");
                command.AddParameter("p", payload);
                await command.ExecuteNonQueryAsync();
            }
        }));
        return rows / watch.Elapsed.TotalSeconds;
    }


    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var database = $"certorleans_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await command.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 100 }.ConnectionString;
    }

    /// <summary>Stops after <c>limit</c> lines (0: no limit), to measure a slice of the city.</summary>
    /// <summary>The first <c>limit</c> lines of a file, however the feed reads it (by line or, since the feed bounds lines, by block).</summary>
    private sealed class LimitedReader(TextReader inner, int limit) : TextReader
    {
        private int lines;
        private bool done;

        public override int Read(Span<char> buffer)
        {
            if (done) return 0;
            var read = inner.Read(buffer);
            if (limit <= 0) return read;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n' || ++lines < limit) continue;
                done = true;
                return i + 1;
            }
            return read;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(char[] buffer, int index, int count) => Task.FromResult(Read(buffer.AsSpan(index, count)));

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
