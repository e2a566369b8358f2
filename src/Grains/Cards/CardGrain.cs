using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Journal;
using CertOrleans.Storage;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Cards;

[GenerateSerializer, Alias("certorleans.card-state")]
public sealed class CardState : IJournalsActs<CardState>
{
    [Id(0)] public ResidentKey? Resident { get; set; }
    [Id(1)] public bool Revoked { get; set; }
    [Id(2)] public List<PendingAct> PendingActs { get; set; } = [];
    /// <summary>The registry's version of the card's last event, and the event (0 and null: no event yet).</summary>
    [Id(3)] public long SourceVersion { get; set; }
    [Id(4)] public CardEvent? LastEvent { get; set; }

    public CardState Copy() => new() { Resident = Resident, Revoked = Revoked, PendingActs = [.. PendingActs], SourceVersion = SourceVersion, LastEvent = LastEvent };
}

/// <summary>
/// A My Number card's link to its holder, and its revocation. Each change is journaled with it in the holder's
/// municipality's chain, the holder named by pseudonym (never the serial or the resident number).
/// </summary>
public sealed class CardGrain(
    [PersistentState("card", StorageNames.Default)] IPersistentState<CardState> state,
    ActJournal journal,
    ILogger<CardGrain> logger) : Grain, ICardGrain
{
    private ActRecorder<CardState>? recorder;

    private ActRecorder<CardState> Acts => recorder ??= new(() => state.State, next => state.SaveAsync(next), journal, this, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    public async Task Link(ResidentKey resident, string actor, IReadOnlyList<string>? scope = null)
    {
        if (state.State.Revoked) throw new Contracts.Requests.IssuanceException(Contracts.Requests.ErrorCodes.CardRevoked, "A revoked card cannot be linked again; issue a new card.");
        var previous = state.State.Resident;
        // Checked here, where the link lives: one city's key cannot take another city's resident's card.
        if (previous is { } held && held.MunicipalityCode != resident.MunicipalityCode) EnsureInScope(held, scope);
        var next = state.State.Copy();
        next.Resident = resident;
        PendingAct[] acts = previous is { } old && old != resident
            ? [await ActAsync(old, JournalKinds.CardUnlinked, actor), await ActAsync(resident, JournalKinds.CardLinked, actor)]
            : [await ActAsync(resident, JournalKinds.CardLinked, actor)];
        await Acts.SaveAsync(next, acts);
    }

    public async Task Revoke(string actor, IReadOnlyList<string>? scope = null)
    {
        if (state.State.Resident is { } current) EnsureInScope(current, scope);
        // Revoked once, journaled once: a reissue sent again revokes the card it replaced again, and changes nothing.
        if (!state.State.Revoked)
        {
            var next = state.State.Copy();
            next.Revoked = true;
            await Acts.SaveAsync(next, state.State.Resident is { } linked ? [await ActAsync(linked, JournalKinds.CardRevoked, actor)] : []);
        }
        // A registration for 本籍地 issuance made with this card ends with it (one made with a newer card stays).
        if (state.State.Resident is { } holder)
            await GrainFactory.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(holder)).End(DomicileReasons.CardRevoked, "card-revocation", this.GetPrimaryKeyString());
    }

    public async Task<ApplyOutcome> ApplyEvent(CardEvent cardEvent, string actor, IReadOnlyList<string>? scope = null)
    {
        if (cardEvent.SourceVersion <= state.State.SourceVersion)
            return cardEvent.SourceVersion == state.State.SourceVersion && cardEvent == state.State.LastEvent ? ApplyOutcome.Duplicate : ApplyOutcome.Stale;
        var previous = state.State.Resident;
        // A city acts on its own residents' cards only: one held by another city's resident is not moved by this key.
        if (previous is { } held) EnsureInScope(held, scope);
        var next = state.State.Copy();
        next.SourceVersion = cardEvent.SourceVersion;
        next.LastEvent = cardEvent;
        var acts = new List<PendingAct>();
        if (cardEvent.Kind == CardEventKind.Returned)
        {
            next.Resident = null;
            if (previous is { } holder) acts.Add(await ActAsync(holder, JournalKinds.CardUnlinked, actor));
        }
        else
        {
            if (state.State.Revoked) throw new Contracts.Requests.IssuanceException(Contracts.Requests.ErrorCodes.CardRevoked, "A revoked card cannot be linked again; issue a new card.");
            // The old card first: once the new one is linked, the old one no longer works (a retry of the event revokes it again, harmlessly).
            if (cardEvent.ReplacesSerial is { } replaced)
                await GrainFactory.GetGrain<ICardGrain>(CardKeys.ForSerial(replaced)).Revoke(actor, scope);
            next.Resident = cardEvent.Holder;
            if (previous is { } old && old != cardEvent.Holder) acts.Add(await ActAsync(old, JournalKinds.CardUnlinked, actor));
            if (previous != cardEvent.Holder) acts.Add(await ActAsync(cardEvent.Holder, JournalKinds.CardLinked, actor));
        }
        await Acts.SaveAsync(next, [.. acts]);
        return ApplyOutcome.Applied;
    }

    public async Task Unlink(string actor, IReadOnlyList<string>? scope = null)
    {
        if (state.State.Resident is not { } holder) throw new Contracts.Requests.IssuanceException(Contracts.Requests.ErrorCodes.CardUnknown, "The card is linked to nobody.");
        EnsureInScope(holder, scope);
        var next = state.State.Copy();
        next.Resident = null;
        await Acts.SaveAsync(next, await ActAsync(holder, JournalKinds.CardUnlinked, actor));
    }

    /// <summary>A null scope is the cluster's own (tests, the demo loader); otherwise it must cover the holder's municipality.</summary>
    private static void EnsureInScope(ResidentKey holder, IReadOnlyList<string>? scope)
    {
        if (scope is not null && !scope.Contains("*") && !scope.Contains(holder.MunicipalityCode))
            throw new Contracts.Requests.IssuanceException(Contracts.Requests.ErrorCodes.CardHeldElsewhere,
                "The card is linked to a resident of a municipality this key is not for.");
    }

    private async Task<PendingAct> ActAsync(ResidentKey holder, string kind, string actor)
    {
        var pseudonym = await GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(holder.MunicipalityCode)).Pseudonym(holder);
        return PendingAct.For(holder.MunicipalityCode, kind, actor, $"holder {pseudonym}");
    }

    public Task<CardStatus> GetStatus() =>
        Task.FromResult(new CardStatus(state.State.Resident is not null, state.State.Revoked, state.State.Resident));
}
