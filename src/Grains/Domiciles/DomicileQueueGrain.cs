using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Residents;
using CertOrleans.Storage;

namespace CertOrleans.Grains.Domiciles;

/// <inheritdoc cref="IDomicileQueueGrain"/>
/// <remarks>Applicants by resident key only; their particulars stay sealed in their registration grains.</remarks>
public sealed class DomicileQueueGrain(
    [PersistentState("domicile-queue", StorageNames.Default)] IPersistentState<PersistedSet<ResidentKey>> state) : SetGrain<ResidentKey>(state), IDomicileQueueGrain
{
    public Task Add(ResidentKey applicant) => AddAsync(applicant);

    public Task Remove(ResidentKey applicant) => RemoveAsync(applicant);

    public Task<IReadOnlyList<ResidentKey>> Pending() => ItemsAsync();
}
