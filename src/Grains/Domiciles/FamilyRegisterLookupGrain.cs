using CertOrleans.Contracts.Domiciles;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Domiciles;

[GenerateSerializer, Alias("certorleans.family-register-lookup-state")]
public sealed class FamilyRegisterLookupState
{
    /// <summary>The city's own register numbers (they name grains anyway): no address, no name.</summary>
    [Id(0)] public List<string> RegisterNumbers { get; set; } = [];
}

/// <inheritdoc cref="IFamilyRegisterLookupGrain"/>
public sealed class FamilyRegisterLookupGrain(
    [PersistentState("family-register-lookup", StorageNames.Default)] IPersistentState<FamilyRegisterLookupState> state) : Grain, IFamilyRegisterLookupGrain
{
    public async Task Add(string registerNumber)
    {
        if (state.State.RegisterNumbers.Contains(registerNumber)) return;
        await state.SaveAsync(new FamilyRegisterLookupState { RegisterNumbers = [.. state.State.RegisterNumbers, registerNumber] });
    }

    public async Task Remove(string registerNumber)
    {
        if (!state.State.RegisterNumbers.Contains(registerNumber)) return;
        await state.SaveAsync(new FamilyRegisterLookupState { RegisterNumbers = state.State.RegisterNumbers.Where(n => n != registerNumber).ToList() });
    }

    public Task<IReadOnlyList<string>> Get() => Task.FromResult<IReadOnlyList<string>>(state.State.RegisterNumbers.ToList());
}
