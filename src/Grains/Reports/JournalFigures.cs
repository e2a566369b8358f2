using CertOrleans.Contracts.Time;
using System.Globalization;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Reports;

namespace CertOrleans.Grains.Reports;

/// <summary>
/// The figures of a period, counted from the journal's entries and nothing else: requests by store operator, type
/// and outcome, sheets printed, fees, refunds due and settled, commissions, stop-switch events. A day belongs to the
/// period by Japan time.
/// </summary>
public sealed class JournalFigures
{
    private readonly List<(string Operator, RequestEndedBody Body, DateOnly Day)> ended = [];
    private readonly List<(string Operator, RefundBody Body)> refundsDue = [];
    private readonly List<(string Operator, RefundBody Body)> refundsSettled = [];

    private readonly Dictionary<(string Role, string Purpose), int> reads = [];
    private readonly Dictionary<string, string> outcomes = [];

    public int DeletionStatements { get; private set; }
    /// <summary>Requests that reached the terminal's print confirmation and whose terminal made no statement of its own copies.</summary>
    public int NoTerminalStatement { get; private set; }
    /// <summary>Requests whose terminal stated it kept a copy (or could not delete it).</summary>
    public int TerminalKeptCopy { get; private set; }
    public int StopSwitchEvents { get; private set; }
    public long Through { get; private set; }

    public static DateOnly DayOf(string recordedAt) =>
        DateOnly.FromDateTime(DateTimeOffset.Parse(recordedAt, CultureInfo.InvariantCulture).InJapan().DateTime);

    /// <summary>Counts the entries recorded from <paramref name="from"/> to <paramref name="to"/> (Japan time, both included).</summary>
    public static async Task<JournalFigures> CountAsync(IReadOnlyList<JournalEntry> entries, DateOnly from, DateOnly to, Func<string, Task<string>> storeOperatorOf)
    {
        var figures = new JournalFigures { Through = entries.Count == 0 ? 0 : entries[^1].Sequence };
        foreach (var entry in entries)
        {
            var day = DayOf(entry.RecordedAt);
            if (day < from || day > to) continue;
            switch (entry.Kind)
            {
                case JournalKinds.RequestEnded:
                    var body = JournalJson.Read<RequestEndedBody>(entry.Body)!;
                    figures.ended.Add((await storeOperatorOf(body.TerminalId), body, day));
                    figures.outcomes[body.RequestId] = body.Outcome;
                    break;
                case JournalKinds.RefundDue:
                    var due = JournalJson.Read<RefundBody>(entry.Body)!;
                    figures.refundsDue.Add((await storeOperatorOf(due.TerminalId), due));
                    break;
                case JournalKinds.RefundSettled:
                    var settled = JournalJson.Read<RefundBody>(entry.Body)!;
                    figures.refundsSettled.Add((await storeOperatorOf(settled.TerminalId), settled));
                    break;
                case JournalKinds.Deletion:
                    figures.DeletionStatements++;
                    var statement = JournalJson.Read<DeletionStatement>(entry.Body)!;
                    if (statement.Terminal is { Deleted: false }) figures.TerminalKeptCopy++;
                    // A terminal confirms a print (or its failure) only after it was given the document: then it should speak.
                    if (statement.Terminal is null && figures.outcomes.GetValueOrDefault(statement.RequestId) is "Printed" or "PrintFailed") figures.NoTerminalStatement++;
                    break;
                case JournalKinds.PersonalDataRead:
                    var read = JournalJson.Read<AccessBody>(entry.Body)!;
                    figures.reads[(read.Role, read.Purpose)] = figures.reads.GetValueOrDefault((read.Role, read.Purpose)) + 1;
                    break;
                case JournalKinds.SwitchSet:
                    figures.StopSwitchEvents++;
                    break;
            }
        }
        return figures;
    }

    public IEnumerable<RequestEndedBody> Ended => ended.Select(e => e.Body);

    public IReadOnlyList<AccessCount> Reads =>
        reads.Select(r => new AccessCount(r.Key.Role, r.Key.Purpose, r.Value)).OrderBy(r => r.Role, StringComparer.Ordinal).ThenBy(r => r.Purpose, StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Operators => ended.Select(e => e.Operator).Concat(refundsDue.Select(r => r.Operator)).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>One operator's line (null: every operator, the total).</summary>
    public SettlementLine Line(string? storeOperator, MunicipalityConfiguration configuration)
    {
        bool Mine(string op) => storeOperator is null || op == storeOperator;
        var requests = ended.Where(e => Mine(e.Operator)).ToList();
        var counts = requests
            .GroupBy(e => (Type: e.Body.CertificateType ?? "-", e.Body.Outcome))
            .Select(g => new IssuanceCount(g.Key.Type, g.Key.Outcome, g.Count(), g.Where(e => e.Body.Paid).Sum(e => (long)(e.Body.Fee ?? 0))))
            .OrderBy(c => c.CertificateType, StringComparer.Ordinal).ThenBy(c => c.Outcome, StringComparer.Ordinal).ToList();
        var printed = requests.Where(e => e.Body.Outcome == "Printed").ToList();
        var sheets = printed.Sum(e => e.Body.Copies ?? 1);
        var fees = requests.Where(e => e.Body.Paid).Sum(e => (long)(e.Body.Fee ?? 0));
        var due = refundsDue.Where(r => Mine(r.Operator)).ToList();
        var settled = refundsSettled.Where(r => Mine(r.Operator)).ToList();
        // The commission is owed per sheet printed, at the rate of the operator on the day it was printed.
        var commission = printed.Sum(e => (long)(e.Body.Copies ?? 1) * configuration.CommissionFor(e.Operator, e.Day));
        var dueYen = due.Sum(r => (long)r.Body.Fee);
        return new SettlementLine(storeOperator ?? "合計", counts, requests.Count, printed.Count, sheets, fees, due.Count, dueYen,
            settled.Count, settled.Sum(r => (long)r.Body.Fee), commission, fees - dueYen - commission);
    }

    public static CostRecovery Costs(MunicipalityConfiguration configuration, SettlementLine total, int months)
    {
        var fixedCosts = configuration.MonthlyFixedCosts.Sum(c => c.Value) * months;
        long? perSheet = total.SheetsPrinted > 0 ? total.Net / total.SheetsPrinted : null;
        int? breakEven = perSheet > 0 ? (int)Math.Ceiling(configuration.MonthlyFixedCosts.Sum(c => c.Value) / (double)perSheet.Value) : null;
        return new CostRecovery(configuration.MonthlyFixedCosts.ToDictionary(c => c.Key, c => c.Value * months), fixedCosts, total.Net, total.Net - fixedCosts, perSheet, breakEven);
    }
}
