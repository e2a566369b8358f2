using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Cards;

[GenerateSerializer, Alias("certorleans.card-state")]
public sealed class CardState
{
    [Id(0)] public ResidentKey? Resident { get; set; }
    [Id(1)] public bool Revoked { get; set; }
}

public sealed class CardGrain(
    [PersistentState("card", StorageNames.Default)] IPersistentState<CardState> state) : Grain, ICardGrain
{
    public async Task Link(ResidentKey resident)
    {
        if (state.State.Revoked) throw new Contracts.Requests.IssuanceException(Contracts.Requests.ErrorCodes.CardRevoked, "A revoked card cannot be linked again; issue a new card.");
        await state.SaveAsync(new CardState { Resident = resident });
    }

    public async Task Revoke()
    {
        await state.SaveAsync(new CardState { Resident = state.State.Resident, Revoked = true });
        // A registration for 本籍地 issuance made with this card ends with it (one made with a newer card stays).
        if (state.State.Resident is { } holder)
            await GrainFactory.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(holder)).End(DomicileReasons.CardRevoked, "card-revocation", this.GetPrimaryKeyString());
    }

    public Task<CardStatus> GetStatus() =>
        Task.FromResult(new CardStatus(state.State.Resident is not null, state.State.Revoked, state.State.Resident));
}
