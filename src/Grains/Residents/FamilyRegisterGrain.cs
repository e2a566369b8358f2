using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using CertOrleans.Storage.Protection;
using Orleans.Serialization;

namespace CertOrleans.Grains.Residents;

[GenerateSerializer, Alias("certorleans.family-register-state")]
public sealed class FamilyRegisterState
{
    [Id(0)] public FamilyRegisterRecord? Record { get; set; }
}

/// <summary>One 戸籍 held by its 本籍地 municipality; versioned like every registry record.</summary>
public sealed class FamilyRegisterGrain(
    [ProtectedState("family-register")] ProtectedState<FamilyRegisterState> state) : Grain, IFamilyRegisterGrain
{
    public async Task<ApplyOutcome> Apply(FamilyRegisterRecord record)
    {
        if (record.GrainKey != this.GetPrimaryKeyString())
            throw new ArgumentException("The register belongs to another grain.", nameof(record));
        var current = state.Value.Record;
        if (SourceVersions.Compare(current?.SourceVersion, record.SourceVersion, current is not null && Same(current, record)) is { } outcome) return outcome;
        await state.SaveAsync(new FamilyRegisterState { Record = record });
        return ApplyOutcome.Applied;
    }

    public Task<CertificatePreparation> Prepare(ResidentKey applicant) => Task.FromResult(
        Refusal(applicant) is { } refusal ? CertificatePreparation.Refused(refusal) : new CertificatePreparation(null, null, FamilyRegister: state.Value.Record));

    public Task<string?> GetRefusal(ResidentKey applicant) => Task.FromResult(Refusal(applicant));

    public Task<bool> Reseal() => state.ResealAsync();

    private string? Refusal(ResidentKey applicant)
    {
        var record = state.Value.Record;
        if (record is null || !record.Members.Any(m => m.Resident == applicant && !m.Removed)) return RefusalCodes.FamilyRegisterElsewhere;
        return record.PendingFilings ? RefusalCodes.FamilyRegisterPending : null;
    }

    // Records hold lists, so compare them by content rather than by reference.
    private static bool Same(FamilyRegisterRecord a, FamilyRegisterRecord b) =>
        a with { Members = [] } == b with { Members = [] }
        && a.Members.Count == b.Members.Count
        && a.Members.Zip(b.Members).All(p => p.First with { Events = [], AddressHistory = [] } == p.Second with { Events = [], AddressHistory = [] }
            && p.First.Events.SequenceEqual(p.Second.Events) && p.First.AddressHistory.SequenceEqual(p.Second.AddressHistory));
}
