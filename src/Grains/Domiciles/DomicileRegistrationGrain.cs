using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Journal;
using CertOrleans.Grains.Time;
using CertOrleans.Storage.Protection;

namespace CertOrleans.Grains.Domiciles;

[GenerateSerializer, Alias("certorleans.domicile-registration-state")]
public sealed class DomicileRegistrationState : IJournalsActs<DomicileRegistrationState>
{
    [Id(0)] public DomicileRegistration? Registration { get; set; }
    [Id(1)] public List<PendingAct> PendingActs { get; set; } = [];

    public DomicileRegistrationState Copy() => new() { Registration = Registration, PendingActs = [.. PendingActs] };
}

/// <summary>
/// One resident's registration for 本籍地 issuance. Matching is the 本籍地 city's: its register lookup finds the 戸籍 by
/// 本籍 and 筆頭者, and the register itself must bear the applicant's 氏 and hold exactly one living member with the
/// applicant's given name and birth date. Staff who name a register may set aside how the 本籍's numbers are written. Under the city's automatic policy such a match is approved at once; otherwise, and when it does not
/// match, the registration waits in the city's queue for staff. Every change is stored with its journal entry (in
/// the 本籍地 city's chain, with the applicant's pseudonym there), then the entry is appended (<see cref="ActRecorder{TState}"/>).
/// </summary>
public sealed class DomicileRegistrationGrain(
    [ProtectedState("domicile-registration")] ProtectedState<DomicileRegistrationState> state,
    FamilyRegisterDirectory directory,
    ServiceClock time,
    ActJournal journal,
    Microsoft.Extensions.Logging.ILogger<DomicileRegistrationGrain> logger) : Grain, IDomicileRegistrationGrain
{
    private ActRecorder<DomicileRegistrationState>? recorder;

    private ActRecorder<DomicileRegistrationState> Acts => recorder ??= new(() => state.Value, state.SaveAsync, journal, this, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    private ResidentKey Applicant => DomicileRegistrationKeys.Parse(this.GetPrimaryKeyString());

    private DomicileRegistration? Current => state.Value.Registration;

    public async Task<DomicileRegistration> Apply(string cardKey, string domicileCode, DomicileParticulars particulars)
    {
        if (Current is { Active: true } standing && standing.CardKey == cardKey && standing.DomicileCode == domicileCode && standing.Particulars.SameAs(particulars))
            return standing;
        if (domicileCode == Applicant.MunicipalityCode)
            throw new IssuanceException(DomicileReasons.OwnMunicipality, "The 本籍 is in the card holder's own municipality: its 戸籍 certificates need no registration.");
        var policy = (await GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(domicileCode)).Get())?.DomicileRegistration ?? DomicileRegistrationPolicy.NotOffered;
        if (policy == DomicileRegistrationPolicy.NotOffered)
            throw new IssuanceException(DomicileReasons.NotServed, "The 本籍地 municipality does not take registrations for store issuance here.");

        var now = time.GetUtcNow();
        var next = new DomicileRegistration
        {
            Applicant = Applicant, DomicileCode = domicileCode, CardKey = cardKey, Particulars = particulars,
            Status = DomicileRegistrationStatus.Pending, AppliedAt = now,
        };
        if (policy == DomicileRegistrationPolicy.Automatic && await MatchAsync(next, null) is { } number)
            next = next with { Status = DomicileRegistrationStatus.Approved, RegisterNumber = number, DecidedAt = now, DecidedBy = DomicileRegistration.AutomaticPolicy };
        // In the queue before it is stored: a pending registration is never where staff cannot see it.
        if (next.Status == DomicileRegistrationStatus.Pending) await Queue(domicileCode).Add(Applicant);
        var replaced = Current;
        var acts = new List<PendingAct> { await ActAsync(JournalKinds.DomicileApplied, "kiosk", next) };
        if (next.Status == DomicileRegistrationStatus.Approved) acts.Add(await ActAsync(JournalKinds.DomicileDecided, DomicileRegistration.AutomaticPolicy, next));
        await SaveAsync(next, [.. acts]);
        if (replaced is { Status: DomicileRegistrationStatus.Pending } && (replaced.DomicileCode != domicileCode || next.Status != DomicileRegistrationStatus.Pending))
            await Queue(replaced.DomicileCode).Remove(Applicant);
        return next;
    }

    public Task<DomicileRegistration?> Get() => Task.FromResult(Current);

    public Task<bool> Reseal() => state.ResealAsync();

    public async Task<DomicileRegistration> Decide(DomicileDecision decision)
    {
        if (Current is null || Current.DomicileCode != decision.DomicileCode)
            throw new IssuanceException(DomicileReasons.Unknown, "This municipality holds no registration for this resident.");
        if (Current is not { Status: DomicileRegistrationStatus.Pending } pending)
            throw new IssuanceException(DomicileReasons.NotPending, "There is no registration waiting for a decision for this resident.");
        var number = decision.Approve
            ? await MatchAsync(pending, decision.RegisterNumber)
                ?? throw new IssuanceException(DomicileReasons.NoMatch, "No register of the 本籍地 holds exactly one living member with the applicant's name and date of birth.")
            : null;
        var decided = pending with
        {
            Status = decision.Approve ? DomicileRegistrationStatus.Approved : DomicileRegistrationStatus.Rejected,
            RegisterNumber = number,
            DecidedAt = time.GetUtcNow(),
            DecidedBy = decision.Actor,
            Reason = decision.Approve ? null : DomicileReasons.RejectedByStaff,
        };
        await SaveAsync(decided, await ActAsync(JournalKinds.DomicileDecided, decision.Actor, decided));
        await Queue(pending.DomicileCode).Remove(Applicant);
        return decided;
    }

    public async Task<bool> End(string reason, string actor, string? cardKey = null, string? domicileCode = null)
    {
        if (Current is not { Active: true } standing || (cardKey is not null && standing.CardKey != cardKey)
            || (domicileCode is not null && standing.DomicileCode != domicileCode)) return false;
        var ended = standing with { Status = DomicileRegistrationStatus.Ended, Reason = reason, DecidedAt = time.GetUtcNow(), DecidedBy = actor };
        await SaveAsync(ended, await ActAsync(JournalKinds.DomicileEnded, actor, ended));
        if (standing.Status == DomicileRegistrationStatus.Pending) await Queue(standing.DomicileCode).Remove(Applicant);
        return true;
    }

    public async Task Forget()
    {
        if (Current is not { } registration) return;
        if (registration.Status == DomicileRegistrationStatus.Pending) await Queue(registration.DomicileCode).Remove(Applicant);
        await Acts.FlushAsync(); // the record of what happened outlives the registration
        await state.ClearAsync();
        this.DeactivateOnIdle();
    }

    /// <summary>The register number the registration matches: the one staff named, or the one the lookup finds; null unless exactly one matches.</summary>
    private async Task<string?> MatchAsync(DomicileRegistration registration, string? named)
    {
        var code = registration.DomicileCode;
        var candidates = named is not null ? [named] : await directory.FindAsync(code, registration.Particulars.PermanentDomicile, registration.Particulars.HeadOfFamilyRegister);
        var matches = new List<string>();
        foreach (var number in candidates)
        {
            var match = await GrainFactory.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(code, number)).Match(registration.Particulars);
            // Staff who name a register may read the 本籍's numbers as the 戸籍 writes them, not another 本籍 or 筆頭者.
            if (match.MemberFound && (named is not null ? match.SameRegisterAsWritten : match.SameRegister)) matches.Add(number);
        }
        return matches.Count == 1 ? matches[0] : null;
    }

    private IDomicileQueueGrain Queue(string domicileCode) => GrainFactory.GetGrain<IDomicileQueueGrain>(DomicileQueueKeys.For(domicileCode));

    private Task SaveAsync(DomicileRegistration registration, params PendingAct[] acts)
    {
        var next = state.Value.Copy();
        next.Registration = registration;
        return Acts.SaveAsync(next, acts);
    }

    private async Task<PendingAct> ActAsync(string kind, string actor, DomicileRegistration registration)
    {
        var details = new Dictionary<string, string>
        {
            ["holder"] = await GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(registration.DomicileCode)).Pseudonym(registration.Applicant),
            ["residence"] = registration.Applicant.MunicipalityCode,
            ["status"] = registration.Status.ToString(),
        };
        if (registration.Reason is { } reason) details["reason"] = reason;
        return PendingAct.For(registration.DomicileCode, kind, actor, $"registration for 本籍地 issuance {registration.StatusCode}", details);
    }
}
