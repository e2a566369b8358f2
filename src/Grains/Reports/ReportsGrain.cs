using CertOrleans.Contracts.Time;
using System.Reflection;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Reports;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Grains.Municipalities;
using CertOrleans.Grains.Time;
using CertOrleans.Pki.Verification;
using CertOrleans.Storage;
using Orleans.Concurrency;

namespace CertOrleans.Grains.Reports;

/// <summary>Makes a municipality's reports from its verified journal, its configuration and the store's counts.</summary>
[StatelessWorker]
public sealed class ReportsGrain(RelationalStore store, ServiceClock time) : Grain, IReportsGrain
{
    private string Code => this.GetPrimaryKeyString();

    public async Task<SettlementReport> Settlement(int year, int month)
    {
        if (year is < 2000 or > 9999 || month is < 1 or > 12) throw new IssuanceException(ErrorCodes.InvalidConfiguration, "year and month must name a calendar month");
        var configuration = await ConfigurationAsync();
        var from = new DateOnly(year, month, 1);
        var (figures, _) = await FiguresAsync(from, from.AddMonths(1).AddDays(-1));
        var operators = figures.Operators.Select(o => figures.Line(o, configuration)).ToList();
        var total = figures.Line(null, configuration);
        return new SettlementReport(Code, configuration.Name, year, month, operators, total, JournalFigures.Costs(configuration, total, 1), figures.Through, time.GetUtcNow());
    }

    public async Task<CouncilReport> Council(DateOnly from, DateOnly to)
    {
        if (to < from || to.DayNumber - from.DayNumber > 400) throw new IssuanceException(ErrorCodes.InvalidConfiguration, "the period must run forward, at most 400 days");
        var configuration = await ConfigurationAsync();
        var (figures, verification) = await FiguresAsync(from, to);
        var total = figures.Line(null, configuration);
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month + 1;
        long? counter = configuration.MonthlyCounterIssuances is { } perMonth ? (long)perMonth * months : null;
        double? share = counter is { } c && c + total.SheetsPrinted > 0 ? total.SheetsPrinted / (double)(c + total.SheetsPrinted) : null;
        var ended = figures.Ended.ToList();
        var incidents = new Incidents(
            DocumentsWithheld: ended.Count(e => e.FailureCode == ErrorCodes.DocumentBindingFailed),
            PrintFailures: ended.Count(e => e.Outcome == nameof(RequestOutcome.PrintFailed)),
            RequestsLostWithASilo: ended.Count(e => e.FailureCode == Storage.Journal.ILifecycleJournal.LostFailureCode),
            OtherFailures: ended.Count(e => e.Outcome == nameof(RequestOutcome.Expired) && e.FailureCode is not null
                && e.FailureCode != Storage.Journal.ILifecycleJournal.LostFailureCode && e.FailureCode != ErrorCodes.DocumentBindingFailed),
            RefundsDue: total.RefundsDue, RefundsDueYen: total.RefundsDueYen, RefundsSettled: total.RefundsSettled,
            StopSwitchEvents: figures.StopSwitchEvents);
        return new CouncilReport(Code, configuration.Name, from, to, total.Counts, total.SheetsPrinted, counter, share,
            await DataHeldAsync(), ended.Count, figures.DeletionStatements, verification.Valid, verification.Finding, incidents,
            HoursServed(configuration, from, to), JournalFigures.Costs(configuration, total, months), figures.Through, time.GetUtcNow(),
            RequestsRefused: ended.Count(e => e.Refusals.Count > 0), TerminalsSeen: ended.Select(e => e.TerminalId).Distinct().Count(),
            Accesses: figures.Reads, Witnessed: (await GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(Code)).Witnessed()).FirstOrDefault(),
            Builds: await BuildsAsync(from, to), NoTerminalStatement: figures.NoTerminalStatement, TerminalKeptCopy: figures.TerminalKeptCopy,
            Hourly: ended
                .GroupBy(e => (Hour: DateTimeOffset.Parse(e.EndedAt, System.Globalization.CultureInfo.InvariantCulture).ToOffset(JapanTime.Offset).Hour, e.Outcome))
                .Select(g => new HourlyCount(g.Key.Hour, g.Key.Outcome, g.Count()))
                .OrderBy(h => h.Hour).ThenBy(h => h.Outcome, StringComparer.Ordinal).ToList());
    }

    /// <summary>Every build that started a silo or gateway in the period (from the cluster chain), and whether a recorded release has it.</summary>
    private async Task<IReadOnlyList<BuildRun>> BuildsAsync(DateOnly from, DateOnly to)
    {
        var cluster = GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(JournalNames.ClusterChain));
        static IReadOnlyDictionary<string, string> Details(JournalEntry e) => JournalJson.Read<AdministrativeBody>(e.Body)?.Details ?? new Dictionary<string, string>();
        var released = (await cluster.Latest(JournalKinds.ReleaseRecorded, 500)).Select(e => Details(e).GetValueOrDefault(BuildManifest.BuildKey)).ToHashSet();
        return (await cluster.Latest(JournalKinds.Deployment, 5_000))
            .Where(e => JournalFigures.DayOf(e.RecordedAt) is var day && day >= from && day <= to)
            .Select(Details)
            .GroupBy(d => d.GetValueOrDefault(BuildManifest.BuildKey, ""))
            .Select(g => new BuildRun(g.Key, g.First().GetValueOrDefault(BuildManifest.VersionKey, "?"), g.First().GetValueOrDefault(BuildManifest.CommitKey, "?"), g.Count(),
                released.Contains(g.Key),
                string.Join(", ", g.GroupBy(d => d.GetValueOrDefault("process", "?")).Select(p => $"{p.Key} {p.Count()}"))))
            .OrderBy(b => b.Version, StringComparer.Ordinal).ToList();
    }

    private async Task<MunicipalityConfiguration> ConfigurationAsync() =>
        await GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(Code)).Get()
            ?? throw new IssuanceException(ErrorCodes.MunicipalityNotServed, "This municipality is not served here.");

    /// <summary>The period's figures from the journal as exported, and whether that journal verifies: a report never counts from a chain it has not checked.</summary>
    private async Task<(JournalFigures Figures, JournalVerification Verification)> FiguresAsync(DateOnly from, DateOnly to)
    {
        var bundle = await GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(Code)).Export();
        var verification = JournalVerifier.Verify(bundle);
        var operators = new Dictionary<string, string>();
        async Task<string> OperatorOf(string terminalId)
        {
            if (!operators.TryGetValue(terminalId, out var name))
                operators[terminalId] = name = (await GrainFactory.GetGrain<ITerminalGrain>(terminalId).GetStatus()).StoreOperator ?? "(未登録)";
            return name;
        }
        return (await JournalFigures.CountAsync(bundle.Entries, from, to, OperatorOf), verification);
    }

    private async Task<PersonalDataHeld> DataHeldAsync()
    {
        var counts = await store.CountSealedAsync(Code);
        var now = time.GetUtcNow();
        KeyAge Age(string key, int id, string status, DateTimeOffset created) => new(key, id, status, created, (int)(now - created).TotalDays);
        var keys = (await store.DataKeysAsync(Code)).Select(k => Age("data key", k.KeyId, "Active", k.CreatedAt)).ToList();
        keys.AddRange((await GrainFactory.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(Code)).GetPublicKeys()).Select(k => Age("issuing key", k.KeyId, k.Status, k.CreatedAt)));
        keys.AddRange((await GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(Code)).GetPublicKeys()).Select(k => Age("journal key", k.KeyId, k.Status, k.CreatedAt)));
        var fields = typeof(ResidentRecord).GetProperties().Count(p => p.GetCustomAttribute<IdAttribute>() is not null);
        var retention = await GrainFactory.GetGrain<IRetentionGrain>(RetentionKeys.For(Code)).GetStatus();
        var today = Rendering.JapaneseDates.TodayInJapan(time);
        return new PersonalDataHeld(counts['r'], counts['f'], counts['h'], fields,
            "AES-256-GCM under the municipality's data key, wrapped by the key-encryption key; bound to grain and row version", keys,
            retention.RemovedRecords, retention.OldestRemovedOn is { } oldest ? today.DayNumber - oldest.DayNumber : null, retention.RetentionDays);
    }

    /// <summary>Hours the store service (住民票 and the rest; 戸籍 has its own hours) was open in the period, counted in quarter hours.</summary>
    private static double HoursServed(MunicipalityConfiguration configuration, DateOnly from, DateOnly to)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var open = 0;
        for (var at = start; at < end; at = at.AddMinutes(15))
            if (ServiceCalendar.Check(configuration, familyRegister: false, at).Open) open++;
        return open / 4.0;
    }
}
