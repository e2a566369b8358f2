using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Residents;

[GenerateSerializer, Alias("certorleans.household-state")]
public sealed class HouseholdState
{
    [Id(0)] public HashSet<ResidentKey> Members { get; set; } = [];
}

public sealed class HouseholdGrain(
    [PersistentState("household", StorageNames.Default)] IPersistentState<HouseholdState> state) : Grain, IHouseholdGrain
{
    public async Task Join(ResidentKey member)
    {
        if (!state.State.Members.Contains(member)) await state.SaveAsync(new HouseholdState { Members = [.. state.State.Members, member] });
    }

    public async Task Leave(ResidentKey member)
    {
        if (state.State.Members.Contains(member)) await state.SaveAsync(new HouseholdState { Members = [.. state.State.Members.Where(m => m != member)] });
    }

    public Task<IReadOnlyList<ResidentKey>> GetMembers() =>
        Task.FromResult<IReadOnlyList<ResidentKey>>(state.State.Members.OrderBy(m => m.ResidentNumber, StringComparer.Ordinal).ToList());
}
