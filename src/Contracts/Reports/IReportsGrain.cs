namespace CertOrleans.Contracts.Reports;

/// <summary>
/// A municipality's reports, made from its journal (the only source of their figures), its configuration and
/// what the store holds. Keyed by the municipality code; holds nothing, so any silo may run it.
/// </summary>
[Alias("certorleans.reports")]
public interface IReportsGrain : IGrainWithStringKey
{
    /// <summary>The month's settlement (Japan time): per store operator, counts by type and outcome, fees, refunds, commission, net; and cost recovery.</summary>
    [Alias("settlement")]
    Task<SettlementReport> Settlement(int year, int month);

    /// <summary>The council's report for a period (Japan time, both days included).</summary>
    [Alias("council")]
    Task<CouncilReport> Council(DateOnly from, DateOnly to);
}

/// <summary>Requests that ended one way in one hour of the day (Japan time), over the report's period.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.hourly-count")]
public sealed record HourlyCount(
    [property: Id(0)] int Hour,
    [property: Id(1)] string Outcome,
    [property: Id(2)] int Count);

/// <summary>Requests of one certificate type that ended one way, and the fees they brought in.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.issuance-count")]
public sealed record IssuanceCount(
    [property: Id(0)] string CertificateType,
    [property: Id(1)] string Outcome,
    [property: Id(2)] int Count,
    [property: Id(3)] long Fees);

/// <summary>One store operator's month (or the total, with operator "合計").</summary>
[GenerateSerializer, Immutable, Alias("certorleans.settlement-line")]
public sealed record SettlementLine(
    [property: Id(0)] string StoreOperator,
    [property: Id(1)] IReadOnlyList<IssuanceCount> Counts,
    [property: Id(2)] int Requests,
    [property: Id(3)] int Printed,
    [property: Id(4)] int SheetsPrinted,
    [property: Id(5)] long FeesCollected,
    [property: Id(6)] int RefundsDue,
    [property: Id(7)] long RefundsDueYen,
    [property: Id(8)] int RefundsSettled,
    [property: Id(9)] long RefundsSettledYen,
    [property: Id(10)] long Commission,
    [property: Id(11)] long Net);

/// <summary>The fixed costs against the net; the sheets a month would need to cover them at this month's net per sheet.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.cost-recovery")]
public sealed record CostRecovery(
    [property: Id(0)] IReadOnlyDictionary<string, long> FixedCosts,
    [property: Id(1)] long TotalFixedCosts,
    [property: Id(2)] long Net,
    [property: Id(3)] long Balance,
    [property: Id(4)] long? NetPerSheet,
    [property: Id(5)] int? BreakEvenMonthlySheets);

[GenerateSerializer, Immutable, Alias("certorleans.settlement-report")]
public sealed record SettlementReport(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string MunicipalityName,
    [property: Id(2)] int Year,
    [property: Id(3)] int Month,
    [property: Id(4)] IReadOnlyList<SettlementLine> Operators,
    [property: Id(5)] SettlementLine Total,
    [property: Id(6)] CostRecovery Costs,
    [property: Id(7)] long JournalThrough,
    [property: Id(8)] DateTimeOffset MadeAt);

/// <summary>A key's age: data keys, issuing keys and journal keys.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.key-age")]
public sealed record KeyAge(
    [property: Id(0)] string Key,
    [property: Id(1)] int KeyId,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] int AgeDays);

/// <summary>What personal data sits in the store for the municipality, and how it is protected.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.personal-data-held")]
public sealed record PersonalDataHeld(
    [property: Id(0)] int Residents,
    [property: Id(1)] int FamilyRegisters,
    [property: Id(2)] int Households,
    [property: Id(3)] int FieldsPerResidentRecord,
    [property: Id(4)] string Encryption,
    [property: Id(5)] IReadOnlyList<KeyAge> Keys,
    [property: Id(6)] int RemovedRecords = 0,
    [property: Id(7)] int? OldestRemovedRecordDays = null,
    [property: Id(8)] int RetentionDays = 0);

/// <summary>
/// What went wrong in the period: documents withheld by the binding check (a would-be mix-up stopped), prints that
/// failed, requests lost with a silo, other requests that timed out or were aborted, refunds, stop-switch changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.incidents")]
public sealed record Incidents(
    [property: Id(0)] int DocumentsWithheld,
    [property: Id(1)] int PrintFailures,
    [property: Id(2)] int RequestsLostWithASilo,
    [property: Id(3)] int OtherFailures,
    [property: Id(4)] int RefundsDue,
    [property: Id(5)] long RefundsDueYen,
    [property: Id(6)] int RefundsSettled,
    [property: Id(7)] int StopSwitchEvents);

[GenerateSerializer, Immutable, Alias("certorleans.council-report")]
public sealed record CouncilReport(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string MunicipalityName,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateOnly To,
    [property: Id(4)] IReadOnlyList<IssuanceCount> Issuances,
    [property: Id(5)] int SheetsPrinted,
    [property: Id(6)] long? CounterIssuances,
    [property: Id(7)] double? StoreShare,
    [property: Id(8)] PersonalDataHeld Data,
    [property: Id(9)] int RequestsEnded,
    [property: Id(10)] int DeletionStatements,
    [property: Id(11)] bool ChainValid,
    [property: Id(12)] string ChainFinding,
    [property: Id(13)] Incidents Incidents,
    [property: Id(14)] double HoursServed,
    [property: Id(15)] CostRecovery Costs,
    [property: Id(16)] long JournalThrough,
    [property: Id(17)] DateTimeOffset MadeAt,
    [property: Id(18)] int RequestsRefused = 0,
    [property: Id(19)] int TerminalsSeen = 0,
    [property: Id(20)] IReadOnlyList<HourlyCount>? Hourly = null,
    [property: Id(21)] IReadOnlyList<AccessCount>? Accesses = null,
    [property: Id(22)] Journal.WitnessCosignature? Witnessed = null,
    [property: Id(23)] IReadOnlyList<BuildRun>? Builds = null,
    [property: Id(24)] int NoTerminalStatement = 0,
    [property: Id(25)] int TerminalKeptCopy = 0);

/// <summary>Reads of personal data in the period, by the reader's role and the purpose they stated.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.access-count")]
public sealed record AccessCount(
    [property: Id(0)] string Role,
    [property: Id(1)] string Purpose,
    [property: Id(2)] int Count);

/// <summary>A build that ran in the period: its digest, version and commit, how many process starts, and whether a recorded release has it.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.build-run")]
public sealed record BuildRun(
    [property: Id(0)] string Build,
    [property: Id(1)] string Version,
    [property: Id(2)] string Commit,
    [property: Id(3)] int Starts,
    [property: Id(4)] bool MatchesRelease,
    [property: Id(5)] string Processes);
