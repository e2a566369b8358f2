using System.Data.Common;
using System.Globalization;
using System.Text;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Storage;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>
/// The end-of-run audit, from outside the system: the kiosks' own traces against the store's lifecycle journal,
/// the residents as the cluster now serves them against what the registry API acknowledged, and the store and
/// the logs searched for personal data.
/// </summary>
public sealed class ClusterAudit(RelationalStore store, IGrainFactory grains, IReadOnlyList<Holder> holders, IReadOnlyCollection<FlowTrace> traces)
{
    public List<string> Findings { get; } = [];
    public Dictionary<string, int> Outcomes { get; } = [];
    public int OpenLeft { get; private set; }

    /// <summary>Waits (up to <paramref name="patience"/>) for every request to leave the register: the live ones end, the lost ones are swept.</summary>
    public async Task WaitForRegisterToEmptyAsync(TimeSpan patience, TextWriter output)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            OpenLeft = Convert.ToInt32(await ScalarAsync("SELECT COUNT(*) FROM request_open"), CultureInfo.InvariantCulture);
            if (OpenLeft == 0 || DateTime.UtcNow > deadline) break;
            output.WriteLine($"  waiting for {OpenLeft} request(s) still on the register to end or be swept …");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }

    public async Task RunAsync(string? logDirectory, DateOnly today)
    {
        if (OpenLeft > 0) Findings.Add($"{OpenLeft} request(s) never reached a terminal state (still on the register)");
        await CheckJournalAsync();
        await CheckChainsAsync();
        await CheckResidentsAsync(today);
        await CheckPersonalDataAsync(logDirectory);
    }

    private async Task CheckJournalAsync()
    {
        var records = await ReadAsync(async connection =>
        {
            var read = new Dictionary<string, (string Outcome, bool Paid, string? Number, bool Wiped, string? Failure)>();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT request_id, outcome, paid, certificate_number, state_wiped, failure_code FROM request_lifecycle";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                read[reader.GetString(0)] = (reader.GetString(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture) != 0,
                    reader.IsDBNull(3) ? null : reader.GetString(3), Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture) != 0,
                    reader.IsDBNull(5) ? null : reader.GetString(5));
            return read;
        });
        foreach (var record in records.Values)
        {
            var key = record.Failure == Storage.Journal.ILifecycleJournal.LostFailureCode ? $"{record.Outcome} ({record.Failure})" : record.Outcome;
            Outcomes[key] = Outcomes.GetValueOrDefault(key) + 1;
            if (!record.Wiped) Findings.Add("a lifecycle record does not say its state was wiped");
            if (record.Outcome == "Printed" && (!record.Paid || record.Number is null)) Findings.Add("a request ended printed without a payment or a certificate number");
        }
        foreach (var trace in traces.Where(t => t.RequestId is not null))
        {
            if (!records.TryGetValue(trace.RequestId!, out var record))
            {
                Findings.Add($"request {trace.RequestId} has no lifecycle record");
                continue;
            }
            if (trace.PaymentAccepted && !record.Paid) Findings.Add($"request {trace.RequestId}: the kiosk's payment is not on record");
            if (record.Outcome == "Printed" && record.Number != trace.DocumentNumber)
                Findings.Add($"request {trace.RequestId} is recorded printed with a certificate number its kiosk never received");
            if (trace.Outcome == "Printed" && record.Outcome != "Printed") Findings.Add($"request {trace.RequestId}: the kiosk was told printed, the journal says {record.Outcome}");
        }
        var numbers = traces.Where(t => t.DocumentNumber is not null).GroupBy(t => t.DocumentNumber).Count(g => g.Count() > 1);
        if (numbers > 0) Findings.Add($"{numbers} certificate number(s) delivered to more than one request");
    }

    /// <summary>What the chain check found, for the report: chains, entries, and how far checkpoints sign them.</summary>
    public string ChainSummary { get; private set; } = "";

    /// <summary>
    /// Every journal chain, exported and verified as a city would; and every lifecycle record in its chain exactly
    /// once, with exactly one deletion statement, and a refund due for each paid request that was not printed.
    /// </summary>
    private async Task CheckChainsAsync()
    {
        var ended = new Dictionary<string, int>();
        var statements = new Dictionary<string, int>();
        var refunds = new Dictionary<string, int>();
        var summaries = new List<string>();
        foreach (var chain in await Storage.Journal.JournalChain.ChainsAsync(store))
        {
            var bundle = await AskAsync(() => grains.GetGrain<Contracts.Journal.IJournalGrain>(Contracts.Journal.JournalNames.For(chain)).Export());
            var verification = Pki.Verification.JournalVerifier.Verify(bundle);
            if (!verification.Valid) Findings.Add($"journal chain {chain} does not verify: {verification.Finding}");
            summaries.Add($"{chain} {bundle.Entries.Count} entries, signed through {verification.CheckpointedThrough}");
            foreach (var entry in bundle.Entries)
            {
                var counts = entry.Kind switch
                {
                    Contracts.Journal.JournalKinds.RequestEnded => ended,
                    Contracts.Journal.JournalKinds.Deletion => statements,
                    Contracts.Journal.JournalKinds.RefundDue => refunds,
                    _ => null,
                };
                if (counts is null) continue;
                var requestId = System.Text.Json.JsonDocument.Parse(entry.Body).RootElement.GetProperty("requestId").GetString()!;
                counts[requestId] = counts.GetValueOrDefault(requestId) + 1;
            }
        }
        ChainSummary = string.Join("; ", summaries);
        var records = await ReadAsync(async connection =>
        {
            var read = new List<(string RequestId, bool Refund)>();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT request_id, paid, outcome FROM request_lifecycle";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                read.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture) != 0 && reader.GetString(2) != "Printed"));
            return read;
        });
        var missing = records.Count(r => !ended.ContainsKey(r.RequestId));
        var twice = ended.Count(e => e.Value > 1);
        var unrecorded = ended.Keys.Except(records.Select(r => r.RequestId)).Count();
        if (missing > 0) Findings.Add($"{missing} lifecycle record(s) missing from the journal chain");
        if (twice > 0) Findings.Add($"{twice} request(s) in the journal chain more than once");
        if (unrecorded > 0) Findings.Add($"{unrecorded} request(s) in the journal chain without a lifecycle record");
        if (records.Any(r => statements.GetValueOrDefault(r.RequestId) != 1)) Findings.Add("a request without exactly one deletion statement");
        if (records.Any(r => refunds.GetValueOrDefault(r.RequestId) != (r.Refund ? 1 : 0))) Findings.Add("a paid, unprinted request without exactly one refund due (or a refund due for another)");
    }

    private async Task CheckResidentsAsync(DateOnly today)
    {
        var lost = 0;
        var rolledBack = 0;
        await Parallel.ForEachAsync(holders, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (holder, _) =>
        {
            var stored = (await AskAsync(() => grains.GetGrain<IResidentGrain>(holder.Entry.Record.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, today))).Data;
            if (stored is null) Interlocked.Increment(ref lost);
            else if (stored.SourceVersion < holder.AcknowledgedVersion
                || (stored.SourceVersion == holder.AcknowledgedVersion && stored.Address != holder.AcknowledgedAddress))
                Interlocked.Increment(ref rolledBack);
        });
        if (lost > 0) Findings.Add($"{lost} resident record(s) lost");
        if (rolledBack > 0) Findings.Add($"{rolledBack} resident record(s) rolled back behind an acknowledged registry change");
    }

    /// <summary>Searches every table of the store (grain state payloads as raw bytes) and every log for a sample of names and addresses, and the logs for residents' grain keys.</summary>
    private async Task CheckPersonalDataAsync(string? logDirectory)
    {
        var needles = holders.Take(50).SelectMany(h => new[] { h.Entry.Record.FullName, h.Entry.Record.Address }).Distinct()
            .Select(Encoding.UTF8.GetBytes).ToList();
        var hits = await ReadAsync(async connection =>
        {
            var found = 0;
            foreach (var table in new[] { "grain_state", "request_lifecycle", "request_open", "reminders", "data_keys" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM {table}";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                    for (var i = 0; i < reader.FieldCount; i++)
                        if (!reader.IsDBNull(i) && Contains(Bytes(reader, i), needles)) found++;
            }
            return found;
        });
        if (hits > 0) Findings.Add($"personal data found in {hits} stored value(s)");
        if (logDirectory is null) return;
        // Logs must not name residents by their keys either (Orleans writes grain ids into its messages); the store must, to find their rows.
        var logNeedles = needles.Concat(holders.Select(h => Encoding.UTF8.GetBytes(h.Entry.Record.Key.GrainKey))).ToList();
        foreach (var file in Directory.EnumerateFiles(logDirectory, "*", SearchOption.AllDirectories))
            if (Contains(await File.ReadAllBytesAsync(file), logNeedles)) Findings.Add($"personal data found in log {Path.GetFileName(file)}");
    }

    private static byte[] Bytes(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        byte[] bytes => bytes,
        var value => Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static bool Contains(byte[] haystack, List<byte[]> needles) => needles.Any(n => haystack.AsSpan().IndexOf(n) >= 0);

    /// <summary>
    /// A read of the store, made again when it fails: with --ha the audit may start while the standby is promoted,
    /// and a pooled connection to the lost primary fails at its first use.
    /// </summary>
    private Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read) => AgainAsync(async () =>
    {
        await using var connection = await store.OpenAsync();
        return await read(connection);
    }, ex => ex is DbException);

    /// <summary>
    /// A question to the cluster, asked again while a silo is leaving or starting: the audit can begin while the fault
    /// test still restarts a drained silo, whose gateway the client may pick.
    /// </summary>
    private static Task<T> AskAsync<T>(Func<Task<T>> ask) =>
        AgainAsync(ask, ex => ex is Orleans.Runtime.Messaging.ConnectionFailedException or Orleans.Runtime.OrleansException or TimeoutException);

    /// <summary>Tries again every 2 s, for up to two minutes, while it fails as <paramref name="transient"/> says: the audit only reads.</summary>
    private static async Task<T> AgainAsync<T>(Func<Task<T>> attempt, Func<Exception, bool> transient)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (transient(ex) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    private Task<object?> ScalarAsync(string sql) => ReadAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    });
}
