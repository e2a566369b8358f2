namespace CertOrleans.Contracts.Protection;

/// <summary>
/// Rotates one municipality's data key while the service runs: a new key seals from now on, every sealed grain
/// state is re-sealed with it in batches, and then the old keys are deleted. Keyed by <c>MunicipalityKeys</c>.
/// </summary>
[Alias("certorleans.data-key-rotation")]
public interface IDataKeyRotationGrain : IGrainWithStringKey
{
    /// <summary>Adds the new key and starts re-sealing; answers at once with the new key's id.</summary>
    [Alias("rotate")]
    Task<DataKeyRotation> Rotate(string actor);

    [Alias("status"), ReadOnly]
    Task<DataKeyRotation> GetStatus();
}

/// <summary>Where a rotation stands: the key that seals now, how many states were re-sealed, and whether the old keys are gone.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.data-key-rotation-status")]
public sealed record DataKeyRotation(
    [property: Id(0)] int ActiveKeyId,
    [property: Id(1)] int Resealed,
    [property: Id(2)] bool Running,
    [property: Id(3)] bool OldKeysRetired);

/// <summary>A grain whose personal data is sealed with its municipality's data key.</summary>
public interface ISealedStateGrain
{
    /// <summary>Seals what is stored again with the newest data key, if it was sealed with an older one; true when it did.</summary>
    [Alias("reseal")]
    Task<bool> Reseal();
}
