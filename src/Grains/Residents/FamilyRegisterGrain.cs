using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Domiciles;
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
    [ProtectedState("family-register")] ProtectedState<FamilyRegisterState> state,
    Domiciles.FamilyRegisterDirectory directory) : Grain, IFamilyRegisterGrain
{
    public async Task<ApplyOutcome> Apply(FamilyRegisterRecord record)
    {
        if (record.GrainKey != this.GetPrimaryKeyString())
            throw new ArgumentException("The register belongs to another grain.", nameof(record));
        var current = state.Value.Record;
        var outcome = SourceVersions.Compare(current?.SourceVersion, record.SourceVersion, current is not null && Same(current, record));
        if (outcome == ApplyOutcome.Stale) return ApplyOutcome.Stale;
        // Findable under its 本籍 and 筆頭者 before it is stored (a repeat makes sure of it too, for registers stored before
        // the lookup existed), and under the old ones until it is: a lookup hit that no longer matches is checked and passed over.
        await directory.AddAsync(record);
        if (outcome is { } unchanged) return unchanged;
        await state.SaveAsync(new FamilyRegisterState { Record = record });
        if (current is not null && DomicileParticulars.RegisterName(current.PermanentDomicile, current.HeadName) != DomicileParticulars.RegisterName(record.PermanentDomicile, record.HeadName))
            await directory.RemoveAsync(current);
        return ApplyOutcome.Applied;
    }

    public Task<CertificatePreparation> Prepare(ResidentKey applicant) => Task.FromResult(
        Refusal(applicant) is { } refusal ? CertificatePreparation.Refused(refusal) : new CertificatePreparation(null, null, FamilyRegister: state.Value.Record));

    public Task<string?> GetRefusal(ResidentKey applicant) => Task.FromResult(Refusal(applicant));

    public Task<bool> Reseal() => state.ResealAsync();

    public Task<RegisterMatch> Match(DomicileParticulars particulars) => Task.FromResult(
        state.Value.Record is { } record
            ? new RegisterMatch(particulars.SameRegister(record.PermanentDomicile, record.HeadName), MemberOf(record, particulars) is not null,
                particulars.SameRegisterAsWritten(record.PermanentDomicile, record.HeadName))
            : new RegisterMatch(false, false));

    public Task<CertificatePreparation> PrepareForRegistrant(ResidentKey applicant, DomicileParticulars particulars)
    {
        if (state.Value.Record is not { } record || MemberOf(record, particulars) is not { } member)
            return Task.FromResult(CertificatePreparation.Refused(RefusalCodes.DomicileNotRegistered));
        if (record.PendingFilings) return Task.FromResult(CertificatePreparation.Refused(RefusalCodes.FamilyRegisterPending));
        if (!IssuanceRules.IsPrintable(record)) return Task.FromResult(CertificatePreparation.Refused(RefusalCodes.UnprintableCharacters));
        // The applicant lives elsewhere: the copy names them on their member, so the templates print their 個人事項 as for a resident here.
        var view = record with { Members = record.Members.Select(m => ReferenceEquals(m, member) ? m with { Resident = applicant } : m).ToList() };
        return Task.FromResult(new CertificatePreparation(null, null, FamilyRegister: view));
    }

    public Task<IReadOnlyList<RegisterMemberStanding>> GetMembersFor(ResidentKey applicant)
    {
        if (Refusal(applicant) is not null) return Task.FromResult<IReadOnlyList<RegisterMemberStanding>>([]);
        var record = state.Value.Record!;
        var self = ApplicantIn(record, applicant);
        return Task.FromResult<IReadOnlyList<RegisterMemberStanding>>(record.Members
            .Select((member, index) => (member, index))
            .Where(m => !ReferenceEquals(m.member, self))
            .Select(m => new RegisterMemberStanding(new RegisterMemberReference(m.index, record.SourceVersion), FamilyRegisterRelations.FullName(record, m.member),
                m.member.Relationship, IssuanceRules.CheckRegisterMember(record, self, m.member)))
            .ToList());
    }

    public Task<CertificatePreparation> PrepareMember(ResidentKey applicant, RegisterMemberReference member)
    {
        if (Refusal(applicant) is { } refusal) return Task.FromResult(CertificatePreparation.Refused(refusal));
        var record = state.Value.Record!;
        // The menu listed the register as it was: another version may hold someone else at that place.
        if (record.SourceVersion != member.SourceVersion || member.Index < 0 || member.Index >= record.Members.Count)
            return Task.FromResult(CertificatePreparation.Refused(RefusalCodes.RegisterChanged));
        return Task.FromResult(IssuanceRules.CheckRegisterMember(record, ApplicantIn(record, applicant), record.Members[member.Index]) is { } memberRefusal
            ? CertificatePreparation.Refused(memberRefusal)
            : new CertificatePreparation(null, null, FamilyRegister: record));
    }

    /// <summary>The applicant's own entry: the one living member linked to their resident record (<see cref="Refusal"/> has made sure of it).</summary>
    private static FamilyRegisterMember ApplicantIn(FamilyRegisterRecord record, ResidentKey applicant) => record.Members.First(m => m.Resident == applicant && !m.Removed);

    /// <summary>
    /// The one living member with the applicant's given name and birth date, in a register of the applicant's 氏; none when
    /// the 氏 differs, or there is no such member or more than one.
    /// </summary>
    private static FamilyRegisterMember? MemberOf(FamilyRegisterRecord record, DomicileParticulars particulars)
    {
        if (!particulars.SameFamilyName(record.HeadName)) return null;
        var members = record.Members.Where(m => !m.Removed && m.DateOfBirth == particulars.DateOfBirth && DomicileParticulars.Same(m.Name, particulars.GivenName)).Take(2).ToList();
        return members.Count == 1 ? members[0] : null;
    }

    private string? Refusal(ResidentKey applicant)
    {
        var record = state.Value.Record;
        if (record is null || !record.Members.Any(m => m.Resident == applicant && !m.Removed)) return RefusalCodes.FamilyRegisterElsewhere;
        if (record.PendingFilings) return RefusalCodes.FamilyRegisterPending;
        // A character the fonts lack with no 外字 registered for it: refused as for a resident's record, never printed as a box.
        return IssuanceRules.IsPrintable(record) ? null : RefusalCodes.UnprintableCharacters;
    }

    // Records hold lists, so compare them by content rather than by reference.
    private static bool Same(FamilyRegisterRecord a, FamilyRegisterRecord b) =>
        a with { Members = [] } == b with { Members = [] }
        && a.Members.Count == b.Members.Count
        && a.Members.Zip(b.Members).All(p => p.First with { Events = [], AddressHistory = [] } == p.Second with { Events = [], AddressHistory = [] }
            && p.First.Events.SequenceEqual(p.Second.Events) && p.First.AddressHistory.SequenceEqual(p.Second.AddressHistory));
}
