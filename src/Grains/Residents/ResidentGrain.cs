using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Hosting;

namespace CertOrleans.Grains.Residents;

[GenerateSerializer, Alias("certorleans.resident-state")]
public sealed class ResidentState
{
    [Id(0)] public ResidentRecord? Record { get; set; }
}

public sealed class ResidentGrain(
    [PersistentState("resident", StorageNames.Default)] IPersistentState<ResidentState> state) : Grain, IResidentGrain
{
    public async Task<ApplyOutcome> Apply(ResidentRecord record)
    {
        if (record.Key.GrainKey != this.GetPrimaryKeyString())
            throw new ArgumentException("The record belongs to another resident than this grain.", nameof(record));
        var current = state.State.Record;
        if (current is not null)
        {
            if (record.SourceVersion < current.SourceVersion) return ApplyOutcome.Stale;
            if (record.SourceVersion == current.SourceVersion) return current == record ? ApplyOutcome.Duplicate : ApplyOutcome.Stale;
        }
        state.State.Record = record;
        // Acknowledged only once stored: after Apply returns, no certificate can be issued from the old data.
        await state.WriteStateAsync();
        return ApplyOutcome.Applied;
    }

    public Task<CertificatePreparation> Prepare(CertificateType type, DateOnly issueDate)
    {
        var record = state.State.Record;
        if (record is null) return Task.FromResult(CertificatePreparation.Refused(Contracts.Requests.ErrorCodes.ResidentUnknown));
        var refusal = IssuanceRules.Check(record, type, issueDate);
        return Task.FromResult(refusal is null ? CertificatePreparation.Allowed(record) : CertificatePreparation.Refused(refusal));
    }

    public Task<bool> Exists() => Task.FromResult(state.State.Record is not null);
}
