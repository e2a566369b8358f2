using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Grains.Journal;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertOrleans.Grains.Municipalities;

[GenerateSerializer, Alias("certorleans.municipality-state")]
public sealed class MunicipalityState : IJournalsActs<MunicipalityState>
{
    [Id(0)] public MunicipalityConfiguration? Configuration { get; set; }
    [Id(1)] public List<PendingAct> PendingActs { get; set; } = [];

    public MunicipalityState Copy() => new() { Configuration = Configuration, PendingActs = [.. PendingActs] };
}

public sealed class MunicipalityGrain(
    [PersistentState("municipality", StorageNames.Default)] IPersistentState<MunicipalityState> state,
    IOptions<MunicipalitySeedOptions> seeds,
    ServiceClock time,
    ActJournal journal,
    ILogger<MunicipalityGrain> logger) : Grain, IMunicipalityGrain
{
    private ActRecorder<MunicipalityState>? recorder;

    private string Code => MunicipalityKeys.Parse(this.GetPrimaryKeyString());

    private ActRecorder<MunicipalityState> Acts => recorder ??= new(() => state.State, next => state.SaveAsync(next), journal, this, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Configuration is null && seeds.Value.Municipalities.TryGetValue(Code, out var seed))
        {
            await state.SaveAsync(new MunicipalityState { Configuration = Validate(seed.ToConfiguration()) with { Version = 1 } }, cancellationToken);
        }
        await Acts.FlushAsync();
    }

    public Task<MunicipalityConfiguration?> Get() => Task.FromResult(state.State.Configuration);

    public async Task<MunicipalityConfiguration> Configure(MunicipalityConfiguration configuration, string actor)
    {
        // Optimistic concurrency: a change made from a copy read before someone else's change would undo theirs.
        var current = state.State.Configuration?.Version ?? 0;
        if (configuration.Version != current)
            throw new IssuanceException(ErrorCodes.VersionConflict, $"The configuration is at version {current}, not {configuration.Version}: read it again and redo the change.");
        var next = Validate(configuration) with { Version = current + 1 };
        var changed = state.State.Copy();
        changed.Configuration = next;
        await Acts.SaveAsync(changed, PendingAct.For(Code, Contracts.Journal.JournalKinds.ConfigurationChanged, actor, $"configuration version {next.Version}",
            new Dictionary<string, string>
            {
                ["fees"] = string.Join(',', next.Fees.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")),
                ["feeChanges"] = string.Join(',', next.FeeChanges.OrderBy(f => f.From).ThenBy(f => f.CertificateType, StringComparer.Ordinal).Select(f => $"{f.CertificateType}={f.Yen}@{f.From:yyyy-MM-dd}")),
                ["hours"] = $"{next.Hours.Opens:HH\\:mm}-{next.Hours.Closes:HH\\:mm}",
                ["familyRegisterHours"] = $"{next.FamilyRegisterHours.Opens:HH\\:mm}-{next.FamilyRegisterHours.Closes:HH\\:mm}",
                ["closures"] = string.Join(',', next.Maintenance.Select(w => $"{w.Start:o}/{w.End:o}")),
                ["taxCertificates"] = $"years={next.TaxPolicy.FiscalYearsOffered},from={next.TaxPolicy.NewFiscalYearMonth:00}-{next.TaxPolicy.NewFiscalYearDay:00},unpaid={(next.TaxPolicy.TaxPaymentWithUnpaidBalance ? "issued" : "refused")}",
            }));
        // Saved, then the 本籍地 index swaps this city's entry (its name or registration policy may have changed).
        await GrainFactory.GetGrain<Contracts.Domiciles.IDomicileCityIndexGrain>(Contracts.Domiciles.DomicileCityIndexKeys.Key).Update(Code, next);
        return next;
    }

    public Task<Availability> GetAvailability(string? certificateType, DateTimeOffset at)
    {
        var configuration = state.State.Configuration;
        if (configuration is null) return Task.FromResult(new Availability(false, ClosedReasons.NotOffered, null));
        if (certificateType is not null && !configuration.Fees.ContainsKey(certificateType))
            return Task.FromResult(new Availability(false, ClosedReasons.NotOffered, null));
        var familyRegister = certificateType is not null && CertificateTypes.TryParse(certificateType, out var type) && type.IsFamilyRegister();
        return Task.FromResult(ServiceCalendar.Check(configuration, familyRegister, at));
    }

    public async Task<OrderTerms?> GetOrderTerms(string certificateType, DateTimeOffset at) =>
        state.State.Configuration is { } configuration ? new OrderTerms(configuration, await GetAvailability(certificateType, at)) : null;

    public Task<Menu?> GetMenu(DateTimeOffset? when = null) =>
        Task.FromResult(state.State.Configuration is { } configuration ? MenuOf(configuration, when ?? time.GetUtcNow()) : null);

    public Task<Menu> PreviewMenu(MunicipalityConfiguration proposed, DateOnly? on = null)
    {
        var now = time.GetUtcNow();
        var at = on is { } date ? now.AddDays(date.DayNumber - ServiceCalendar.DateOf(now).DayNumber) : now;
        return Task.FromResult(MenuOf(Validate(proposed), at));
    }

    private Menu MenuOf(MunicipalityConfiguration configuration, DateTimeOffset at)
    {
        var tax = configuration.TaxPolicy.TermsOn(ServiceCalendar.DateOf(at));
        var offers = CertificateTypes.All.Where(t => configuration.Fees.ContainsKey(t.Code())).Select(type =>
        {
            var availability = ServiceCalendar.Check(configuration, type.IsFamilyRegister(), at);
            return new CertificateOffer(type.Code(), type.JapaneseName(), configuration.FeeOn(type.Code(), ServiceCalendar.DateOf(at))!.Value, availability.Open, availability.NextOpening,
                Options: OptionsOf(type, configuration), FiscalYears: type.IsTax() ? tax.FiscalYears : null);
        }).ToList();
        return new Menu(Code, configuration.Name, ServiceCalendar.Check(configuration, familyRegister: false, at), offers)
        {
            Announced = ServiceCalendar.Announced(configuration, at),
            Tax = tax,
        };
    }

    /// <summary>住民票 items printed only when chosen: 通称の履歴 (foreign residents who have one), 前住所, 異動事由.</summary>
    private static readonly string[] RecordHistoryOptions = ["includeCommonNameHistory", "includePreviousAddress", "includeLastChange"];

    /// <summary>The choices the kiosk offers for a type: 住民票 options, 個人番号 only where the city prints it.</summary>
    public static IReadOnlyList<string> OptionsOf(CertificateType type, MunicipalityConfiguration configuration) => type switch
    {
        CertificateType.ResidentRecordCopy => configuration.MyNumberPrintable
            ? ["wholeHousehold", "selectedMembers", "includeHouseholdHead", "includePermanentDomicile", "includeMyNumber", .. RecordHistoryOptions]
            : ["wholeHousehold", "selectedMembers", "includeHouseholdHead", "includePermanentDomicile", .. RecordHistoryOptions],
        _ => [],
    };

    /// <summary>Rejects a configuration the service could not honour; messages name the field, never guess.</summary>
    public static MunicipalityConfiguration Validate(MunicipalityConfiguration c)
    {
        static void Require(bool condition, string message)
        {
            if (!condition) throw new IssuanceException(ErrorCodes.InvalidConfiguration, message);
        }
        Require(!string.IsNullOrWhiteSpace(c.Name) && !string.IsNullOrWhiteSpace(c.Prefecture), "name and prefecture are required");
        // The tax certificate names the prefectural tax after the prefecture's kind (都民税, 道民税, 府民税, 県民税).
        Require(PrefecturalTaxName.Of(c.Prefecture) is not null, "prefecture: the full name, ending in 都, 道, 府 or 県 (e.g. 東京都)");
        Require(!string.IsNullOrWhiteSpace(c.MayorTitle) && !string.IsNullOrWhiteSpace(c.MayorName), "mayorTitle and mayorName are required");
        // Every certificate prints these; a character the fonts lack would stop every issuance of the city.
        foreach (var (field, text) in new[] { ("name", c.Name), ("prefecture", c.Prefecture), ("mayorTitle", c.MayorTitle), ("mayorName", c.MayorName) })
            Require(Residents.IssuanceRules.AllPrintable(text), $"{field}: has a character the certificate fonts cannot print");
        foreach (var (type, fee) in c.Fees)
        {
            Require(CertificateTypes.TryParse(type, out _), $"fees: unknown certificate type '{type}'");
            Require(fee is >= 0 and <= 10_000, $"fees: the fee of '{type}' must be between 0 and 10000 yen");
        }
        Require(c.FeeChanges is not null, "feeChanges: a list (empty for none)");
        foreach (var change in c.FeeChanges!)
        {
            Require(CertificateTypes.TryParse(change.CertificateType ?? "", out _), $"feeChanges: unknown certificate type '{change.CertificateType}'");
            // Fees decides what is offered; a change for a type not offered would be silently ignored.
            Require(c.Fees.ContainsKey(change.CertificateType!), $"feeChanges: '{change.CertificateType}' has no fee in fees (it is not offered)");
            Require(change.Yen is >= 0 and <= 10_000, $"feeChanges: the fee of '{change.CertificateType}' from {change.From:yyyy-MM-dd} must be between 0 and 10000 yen");
        }
        // Two fees from the same date would overlap: which one is charged could not be told.
        Require(c.FeeChanges.GroupBy(f => (f.CertificateType, f.From)).All(g => g.Count() == 1), "feeChanges: one fee per certificate type and date (two overlap)");
        foreach (var (name, hours) in new[] { ("hours", c.Hours), ("familyRegisterHours", c.FamilyRegisterHours) })
        {
            Require(hours.Opens < hours.Closes, $"{name}: opens must be before closes");
            Require(hours.Opens >= DailyHours.National.Opens && hours.Closes <= DailyHours.National.Closes, $"{name}: must lie within the national window 06:30–23:00");
        }
        Require(c.RemovedRecordRetentionDays is >= 1 and <= 3650, "removedRecordRetentionDays must be between 1 and 3650");
        foreach (var window in c.Maintenance)
            Require(window.Start < window.End, "maintenance: each window must start before it ends");
        foreach (var commission in c.Commissions)
        {
            Require(!string.IsNullOrWhiteSpace(commission.StoreOperator) && commission.StoreOperator.Length <= 100, "commissions: storeOperator is required (\"*\" for every operator)");
            Require(commission.Yen is >= 0 and <= 10_000, "commissions: yen must be between 0 and 10000");
        }
        Require(c.Commissions.GroupBy(m => (m.StoreOperator, m.From)).All(g => g.Count() == 1), "commissions: one rate per store operator and date");
        foreach (var (item, yen) in c.MonthlyFixedCosts)
            Require(!string.IsNullOrWhiteSpace(item) && item.Length <= 100 && yen is >= 0 and <= 10_000_000_000, "monthlyFixedCosts: each item needs a name and 0 to 10,000,000,000 yen");
        Require(c.MonthlyCounterIssuances is null or >= 0, "monthlyCounterIssuances must be 0 or more");
        if (c.TaxCertificates?.Problem() is { } taxProblem) Require(false, taxProblem);
        return c;
    }
}
