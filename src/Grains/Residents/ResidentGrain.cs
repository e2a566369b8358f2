using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Time;
using CertOrleans.Rendering;
using CertOrleans.Storage;
using CertOrleans.Storage.Protection;
using Orleans.Serialization;

namespace CertOrleans.Grains.Residents;

[GenerateSerializer, Alias("certorleans.resident-state")]
public sealed class ResidentState
{
    [Id(0)] public ResidentRecord? Record { get; set; }
    [Id(1)] public SealRegistration? Seal { get; set; }
    [Id(2)] public Dictionary<int, TaxRecord> Tax { get; set; } = [];

    /// <summary>A copy to change and save; the records themselves are immutable, so sharing them is safe.</summary>
    public ResidentState Clone() => new() { Record = Record, Seal = Seal, Tax = new(Tax) };
}

/// <summary>
/// One resident's cached certificate data from every registry (住基, 印鑑登録, 税). Each registry's record
/// carries its own version; an older or repeated version never overwrites, and a change is stored before
/// the call returns, so no certificate can be made from the old data afterwards.
/// </summary>
[CollectionAgeLimit(Minutes = 10)] // idle residents leave memory; the store keeps them
public sealed class ResidentGrain(
    [ProtectedState(ResidentGrain.StateName)] ProtectedState<ResidentState> state,
    ServiceClock time) : Grain, IResidentGrain
{
    public const string StateName = "resident";

    public Task<ApplyOutcome> Apply(ResidentRecord record) => ApplyUpdate(new ResidentUpdate(record, null, []));

    public async Task<ApplyOutcome> ApplyUpdate(ResidentUpdate update)
    {
        var record = update.Record;
        if (record.Key.GrainKey != this.GetPrimaryKeyString())
            throw new ArgumentException("The record belongs to another resident than this grain.", nameof(update));
        var before = state.Value.Record;
        var outcome = SourceVersions.Compare(before?.SourceVersion, record.SourceVersion, before == record) ?? ApplyOutcome.Applied;
        if (outcome == ApplyOutcome.Applied && record.MyNumber is not null)
        {
            var municipality = await GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(record.Key.MunicipalityCode)).Get();
            if (municipality is not { MyNumberPrintable: true })
                throw new IssuanceException(ErrorCodes.FieldNotAccepted, "field 'myNumber' is not accepted: this municipality does not print 個人番号");
        }

        // Changes go to a copy, stored before it becomes the state: a write that fails changes nothing, and the
        // registry's retry applies the record again instead of hearing "duplicate".
        var next = state.Value.Clone();
        var changed = outcome == ApplyOutcome.Applied;
        if (changed) next.Record = record;
        if (update.Seal is { } seal && TakeSeal(next, seal) == ApplyOutcome.Applied) changed = true;
        foreach (var tax in update.Taxes)
            if (TakeTax(next, tax) == ApplyOutcome.Applied) changed = true;
        // The household first (joining and leaving are idempotent): if it fails, the record is not stored either.
        if (outcome == ApplyOutcome.Applied) await MoveHouseholdAsync(before, record);
        // A 転籍, a new 筆頭者 or a new name ends a registration for 本籍地 issuance made under the old ones (before the
        // record is stored: if storing fails, the holder registers again, never the other way round).
        if (outcome == ApplyOutcome.Applied && DomicileChanged(before, record))
            await GrainFactory.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(record.Key)).End(DomicileReasons.Transferred, "registry");
        // Acknowledged only once stored: after this returns, no certificate can be made from the old data.
        if (changed) await state.SaveAsync(next);
        await TrackRetentionAsync(before, state.Value.Record);
        if (update.Release) this.DeactivateOnIdle();
        return outcome;
    }

    public async Task<ApplyOutcome> ApplySeal(SealRegistration seal)
    {
        var next = state.Value.Clone();
        var outcome = TakeSeal(next, seal);
        if (outcome == ApplyOutcome.Applied) await state.SaveAsync(next);
        return outcome;
    }

    public async Task<ApplyOutcome> ApplyTax(TaxRecord tax)
    {
        var next = state.Value.Clone();
        var outcome = TakeTax(next, tax);
        if (outcome == ApplyOutcome.Applied) await state.SaveAsync(next);
        return outcome;
    }

    /// <summary>Takes the seal record into <paramref name="next"/> if it is newer; the caller stores it.</summary>
    private static ApplyOutcome TakeSeal(ResidentState next, SealRegistration seal)
    {
        var current = next.Seal;
        if (SourceVersions.Compare(current?.SourceVersion, seal.SourceVersion, current is not null && SameSeal(current, seal)) is { } outcome) return outcome;
        next.Seal = seal;
        return ApplyOutcome.Applied;
    }

    private static ApplyOutcome TakeTax(ResidentState next, TaxRecord tax)
    {
        var current = next.Tax.GetValueOrDefault(tax.FiscalYear);
        if (SourceVersions.Compare(current?.SourceVersion, tax.SourceVersion, current == tax) is { } outcome) return outcome;
        next.Tax[tax.FiscalYear] = tax;
        return ApplyOutcome.Applied;
    }

    public async Task<IReadOnlyDictionary<CertificateType, string?>> GetRefusals(IReadOnlyList<CertificateType> types, DateOnly issueDate, TaxTerms? tax = null)
    {
        var taxTerms = tax ?? TaxIssuanceRules.Default(issueDate);
        // A tax type is refused only when none of the years offered can be issued.
        var refusals = types.ToDictionary(type => type, type => Check(type, issueDate) switch
        {
            { RefusalCode: null, Data: { } record } when type.IsTax() => TaxIssuanceRules.Years(record, state.Value.Tax, type, taxTerms).Refusal,
            var checkedType => checkedType.RefusalCode,
        });
        // 戸籍 types this resident may ask for are up to the register itself, asked once for all of them.
        var familyRegisterTypes = types.Where(t => t.IsFamilyRegister() && refusals[t] is null).ToList();
        if (familyRegisterTypes.Count > 0 && state.Value.Record is { FamilyRegisterNumber: { } number } record)
        {
            var refusal = await GrainFactory.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(record.Key.MunicipalityCode, number)).GetRefusal(record.Key);
            foreach (var type in familyRegisterTypes) refusals[type] = refusal;
        }
        return refusals;
    }

    /// <remarks>A tax type without a year is the latest one under the default policy (CertificateSource asks <see cref="PrepareTax"/>).</remarks>
    public Task<CertificatePreparation> Prepare(CertificateType type, DateOnly issueDate) => type.IsTax()
        ? PrepareTax(type, TaxIssuanceRules.Default(issueDate).Latest, TaxIssuanceRules.Default(issueDate), issueDate)
        : Task.FromResult(Check(type, issueDate));

    public async Task<ResidentMenuView?> GetMenuView(IReadOnlyList<CertificateType> types, DateOnly issueDate, TaxTerms? tax = null)
    {
        if (state.Value.Record is not { } record) return null;
        var refusals = await GetRefusals(types, issueDate, tax);
        var taxTerms = tax ?? TaxIssuanceRules.Default(issueDate);
        var taxYears = types.Where(t => t.IsTax() && refusals[t] is null)
            .ToDictionary(t => t, t => TaxIssuanceRules.Years(record, state.Value.Tax, t, taxTerms).Years);
        return new ResidentMenuView(refusals, Check(CertificateType.ResidentRecordCopy, issueDate), CheckForDomicile(issueDate), taxYears);
    }

    public Task<CertificatePreparation> PrepareTax(CertificateType type, int fiscalYear, TaxTerms terms, DateOnly issueDate)
    {
        if (!type.IsTax()) throw new ArgumentException("Not a tax certificate type.", nameof(type));
        var general = Check(type, issueDate);
        return Task.FromResult(general.RefusalCode is not null ? general : TaxIssuanceRules.Check(general.Data!, state.Value.Tax, type, fiscalYear, terms));
    }

    /// <summary>The issuance rules for one type and, only if they pass, this resident's data for it.</summary>
    private CertificatePreparation Check(CertificateType type, DateOnly issueDate)
    {
        var record = state.Value.Record;
        if (record is null) return CertificatePreparation.Refused(ErrorCodes.ResidentUnknown);
        if (IssuanceRules.Check(record, type, issueDate) is { } refusal) return CertificatePreparation.Refused(refusal);
        return type switch
        {
            CertificateType.SealRegistration => state.Value.Seal switch
            {
                null => CertificatePreparation.Refused(RefusalCodes.SealNotRegistered),
                { Abolished: true } => CertificatePreparation.Refused(RefusalCodes.SealAbolished),
                var seal => new CertificatePreparation(null, record, Seal: seal),
            },
            // The rules that apply to everyone pass: the year's own rules are TaxIssuanceRules', with the city's terms.
            _ when type.IsTax() => new CertificatePreparation(null, record),
            // 戸籍 certificates at the store only where the 本籍 is in this municipality; the register itself is asked next.
            _ when type.IsFamilyRegister() && record.FamilyRegisterNumber is null => CertificatePreparation.Refused(RefusalCodes.FamilyRegisterElsewhere),
            _ => new CertificatePreparation(null, record),
        };
    }

    public Task<CertificatePreparation> PrepareForDomicile(DateOnly issueDate) => Task.FromResult(CheckForDomicile(issueDate));

    private CertificatePreparation CheckForDomicile(DateOnly issueDate)
    {
        var record = state.Value.Record;
        if (record is null) return CertificatePreparation.Refused(ErrorCodes.ResidentUnknown);
        var refusal = IssuanceRules.Check(record, CertificateType.FamilyRegisterAll, issueDate);
        return refusal is null ? new CertificatePreparation(null, record) : CertificatePreparation.Refused(refusal);
    }

    public Task<CertificatePreparation> PrepareAsHouseholdMember(DateOnly issueDate)
    {
        var record = state.Value.Record;
        if (record is null) return Task.FromResult(CertificatePreparation.Refused(ErrorCodes.ResidentUnknown));
        var refusal = IssuanceRules.CheckHouseholdMember(record, issueDate);
        return Task.FromResult(refusal is null ? new CertificatePreparation(null, record) : CertificatePreparation.Refused(refusal));
    }

    public Task<HouseholdMemberName?> GetHouseholdMemberName(string householdNumber, DateOnly issueDate)
    {
        var record = state.Value.Record;
        HouseholdMemberName? name = record is null ? HouseholdMemberName.Refused(ErrorCodes.ResidentUnknown)
            : IssuanceRules.CheckHouseholdMember(record, issueDate) is { } refusal ? HouseholdMemberName.Refused(refusal)
            : record.Status == ResidencyStatus.Resident && record.HouseholdNumber == householdNumber
                ? new HouseholdMemberName(record.FullName, record.Relationship == HouseholdMemberName.HeadRelationship)
                : null;
        return Task.FromResult(name);
    }

    public async Task<bool> Reseal()
    {
        var resealed = await state.ResealAsync();
        this.DeactivateOnIdle(); // a city-wide re-seal must not keep every resident in memory
        return resealed;
    }

    public Task<bool> Exists() => Task.FromResult(state.Value.Record is not null);

    public async Task<bool> Purge()
    {
        if (state.Value.Record is not { } record) return false;
        if (record.HouseholdNumber is { } household)
            await GrainFactory.GetGrain<IHouseholdGrain>(HouseholdKeys.For(record.Key.MunicipalityCode, household)).Leave(record.Key);
        // A registration for 本籍地 issuance holds the resident's particulars too: it goes with them.
        await GrainFactory.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(record.Key)).Forget();
        await state.ClearAsync();
        this.DeactivateOnIdle();
        return true;
    }

    /// <summary>
    /// Tells the municipality's retention when this resident is removed (moved out, deceased) or registered again. Asked
    /// after every update, a repeated one too: a registry retry after a failed call here still reaches it.
    /// </summary>
    private async Task TrackRetentionAsync(ResidentRecord? before, ResidentRecord? after)
    {
        if (after is null) return;
        var retention = GrainFactory.GetGrain<IRetentionGrain>(RetentionKeys.For(after.Key.MunicipalityCode));
        if (after.Status != ResidencyStatus.Resident) await retention.Removed(after.Key.GrainKey, JapaneseDates.TodayInJapan(time));
        else if (before is { Status: not ResidencyStatus.Resident }) await retention.Restored(after.Key.GrainKey);
    }

    private static bool DomicileChanged(ResidentRecord? before, ResidentRecord after) =>
        before is not null && DomicileParticulars.Of(before) is { } old && (DomicileParticulars.Of(after) is not { } now || !old.SameAs(now));

    private static bool SameSeal(SealRegistration a, SealRegistration b) =>
        a with { SealImagePng = [] } == b with { SealImagePng = [] } && a.SealImagePng.AsSpan().SequenceEqual(b.SealImagePng);

    private async Task MoveHouseholdAsync(ResidentRecord? before, ResidentRecord after)
    {
        var code = after.Key.MunicipalityCode;
        if (before?.HouseholdNumber is { } old && old != after.HouseholdNumber)
            await GrainFactory.GetGrain<IHouseholdGrain>(HouseholdKeys.For(code, old)).Leave(after.Key);
        if (after.HouseholdNumber is { } current)
            await GrainFactory.GetGrain<IHouseholdGrain>(HouseholdKeys.For(code, current)).Join(after.Key);
    }
}
