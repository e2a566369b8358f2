using CertOrleans.Contracts.Domiciles;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Domiciles;

/// <inheritdoc cref="IFamilyRegisterLookupGrain"/>
/// <remarks>The city's own register numbers (they name grains anyway): no address, no name.</remarks>
public sealed class FamilyRegisterLookupGrain(
    [PersistentState("family-register-lookup", StorageNames.Default)] IPersistentState<PersistedSet<string>> state) : SetGrain<string>(state), IFamilyRegisterLookupGrain
{
    public Task Add(string registerNumber) => AddAsync(registerNumber);

    public Task Remove(string registerNumber) => RemoveAsync(registerNumber);

    public Task<IReadOnlyList<string>> Get() => ItemsAsync();
}
