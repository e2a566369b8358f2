using CertOrleans.Contracts.Residents;
using CertOrleans.Storage;
using CertOrleans.Storage.Protection;

namespace CertOrleans.Grains.Residents;

[GenerateSerializer, Alias("certorleans.household-state")]
public sealed class HouseholdState
{
    [Id(0)] public HashSet<ResidentKey> Members { get; set; } = [];
}

/// <summary>
/// Who lives in one household. The members' resident numbers are sealed like the residents' own data. A household
/// stored before that (unsealed, state <c>household</c>) is moved into the sealed state when it next activates.
/// </summary>
public sealed class HouseholdGrain(
    [ProtectedState(HouseholdGrain.StateName)] ProtectedState<HouseholdState> state,
    [PersistentState("household", StorageNames.Default)] IPersistentState<HouseholdState> unsealed) : Grain, IHouseholdGrain
{
    public const string StateName = "household-members";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (unsealed.State.Members.Count == 0) return;
        if (state.Value.Members.Count == 0) await state.SaveAsync(new HouseholdState { Members = [.. unsealed.State.Members] });
        await unsealed.ClearStateAsync(cancellationToken);
    }

    public async Task Join(ResidentKey member)
    {
        if (!state.Value.Members.Contains(member)) await state.SaveAsync(new HouseholdState { Members = [.. state.Value.Members, member] });
    }

    public async Task Leave(ResidentKey member)
    {
        if (state.Value.Members.Contains(member)) await state.SaveAsync(new HouseholdState { Members = [.. state.Value.Members.Where(m => m != member)] });
    }

    public Task<IReadOnlyList<ResidentKey>> GetMembers() =>
        Task.FromResult<IReadOnlyList<ResidentKey>>(state.Value.Members.OrderBy(m => m.ResidentNumber, StringComparer.Ordinal).ToList());

    public Task<bool> Reseal() => state.ResealAsync();
}
