using Orleans.Runtime;
using System.Security.Cryptography;
using System.Text;
using Orleans.Serialization;

namespace CertOrleans.Storage.Protection;

/// <summary>What the store holds for a grain with personal data: which data key, and the sealed bytes.</summary>
[GenerateSerializer, Alias("certorleans.sealed-state")]
public sealed class SealedState
{
    [Id(0)] public int KeyId { get; set; }
    [Id(1)] public byte[]? Data { get; set; }
}

/// <summary>
/// A grain's personal data, encrypted before it reaches the store: serialised, sealed with the
/// municipality's data key (AES-256-GCM) and bound to the grain it belongs to, so a sealed blob copied
/// onto another resident's row does not open. Plaintext exists only in the activation's memory.
/// </summary>
public sealed class ProtectedState<T>(IPersistentState<SealedState> storage, DataKeyStore keys, Serializer serializer, string municipality, string owner)
    where T : class, new()
{
    private readonly byte[] context = Context(owner);

    private static byte[] Context(string owner) => Encoding.UTF8.GetBytes($"certorleans-grain|{owner}");

    /// <summary>What a grain's sealed state is bound to: its state name and its key (the bulk loader seals with the same).</summary>
    public static string OwnerOf(string stateName, string grainKey) => $"{stateName}|{grainKey}";

    /// <summary>Seals a value exactly as <see cref="SaveAsync"/> would, for writers that bypass the grain (the initial bulk load).</summary>
    public static async Task<SealedState> SealAsync(T value, DataKeyStore keys, Serializer serializer, string municipality, string owner)
    {
        var (keyId, key) = await keys.ActiveKeyAsync(municipality);
        var plaintext = serializer.SerializeToArray(value);
        try
        {
            return new SealedState { KeyId = keyId, Data = Envelope.Seal(key, plaintext, Context(owner)) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public T Value { get; private set; } = new();

    public async Task LoadAsync()
    {
        if (storage.State.Data is not { } sealedData) return;
        var key = await keys.KeyAsync(municipality, storage.State.KeyId);
        var plaintext = Envelope.Open(key, sealedData, context);
        try
        {
            Value = serializer.Deserialize<T>(plaintext) ?? new T();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Seals and writes <paramref name="next"/>, and only then makes it the value: a write that fails leaves the
    /// value, and what the store holds, as they were, so the grain goes on serving what is stored and a retry
    /// applies the change again. <paramref name="next"/> must be a new object, never <see cref="Value"/> changed in place.
    /// </summary>
    public async Task SaveAsync(T next)
    {
        if (ReferenceEquals(next, Value)) throw new ArgumentException("Save a changed copy, not the current value: a failed write must leave it as it was.", nameof(next));
        var previous = storage.State;
        storage.State = await SealAsync(next, keys, serializer, municipality, owner);
        try
        {
            await storage.WriteStateAsync();
        }
        catch
        {
            storage.State = previous;
            throw;
        }
        Value = next;
    }
}
