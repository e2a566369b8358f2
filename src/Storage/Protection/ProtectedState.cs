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
    /// <summary>1: sealed to its row's version too. 0: sealed before versions were bound (read only, never written).</summary>
    [Id(2)] public int Binding { get; set; }
}

/// <summary>
/// A grain's personal data, encrypted before it reaches the store: serialised, sealed with the
/// municipality's data key (AES-256-GCM) and bound to the grain it belongs to and to the version its row has
/// once written, so a sealed blob copied onto another resident's row does not open, and neither does an older
/// blob put back over a newer one (say, one from before a support-measures flag was set). Plaintext exists only
/// in the activation's memory.
/// </summary>
public sealed class ProtectedState<T>(IPersistentState<SealedState> storage, DataKeyStore keys, Serializer serializer, string municipality, string owner)
    where T : class, new()
{

    private const int VersionBound = 1;

    private static byte[] Context(string owner, int? rowVersion) =>
        Encoding.UTF8.GetBytes(rowVersion is { } version ? $"certorleans-grain|{owner}|v{version}" : $"certorleans-grain|{owner}");

    /// <summary>What a grain's sealed state is bound to: its state name and its key (the bulk loader seals with the same).</summary>
    public static string OwnerOf(string stateName, string grainKey) => $"{stateName}|{grainKey}";

    /// <summary>
    /// Seals a value exactly as <see cref="SaveAsync"/> would, for the row version it will be stored as (the
    /// initial bulk load, which bypasses the grain, inserts rows at version 1).
    /// </summary>
    public static async Task<SealedState> SealAsync(T value, DataKeyStore keys, Serializer serializer, string municipality, string owner, int rowVersion)
    {
        var (keyId, key) = await keys.ActiveKeyAsync(municipality);
        var plaintext = serializer.SerializeToArray(value);
        try
        {
            return new SealedState { KeyId = keyId, Data = Envelope.Seal(key, plaintext, Context(owner, rowVersion)), Binding = VersionBound };
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
        var boundTo = storage.State.Binding == VersionBound ? RowVersion(storage.Etag) : (int?)null;
        byte[] plaintext;
        try
        {
            plaintext = Envelope.Open(key, sealedData, Context(owner, boundTo));
        }
        catch (CryptographicException ex)
        {
            // Not this grain's data as last written: copied from another row, put back from an older version, or altered.
            throw new InvalidOperationException("A sealed grain state does not open for its grain and row version: it was altered, moved or rolled back in the store.", ex);
        }
        try
        {
            Value = serializer.Deserialize<T>(plaintext) ?? new T();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
        ForgetSealedBytes();
    }

    /// <summary>
    /// Once opened (or written), the sealed bytes are of no more use to the activation: only which key sealed them and
    /// how is kept, so an active grain does not hold its data twice (issue 15: memory per active resident).
    /// </summary>
    private void ForgetSealedBytes() => storage.State = new SealedState { KeyId = storage.State.KeyId, Binding = storage.State.Binding };

    /// <summary>
    /// Seals and writes <paramref name="next"/>, and only then makes it the value: a write that fails leaves the
    /// value, and what the store holds, as they were, so the grain goes on serving what is stored and a retry
    /// applies the change again. <paramref name="next"/> must be a new object, never <see cref="Value"/> changed in place.
    /// </summary>
    public async Task SaveAsync(T next)
    {
        if (ReferenceEquals(next, Value)) throw new ArgumentException("Save a changed copy, not the current value: a failed write must leave it as it was.", nameof(next));
        // One save at a time, even if the grain interleaves calls: the blob is bound to the row version it will get,
        // and a second save that read the version before the first one wrote would be stored under a version it does not name.
        await saving.WaitAsync();
        try
        {
            // The row's version after this write: the store increments it (a new row starts at 1).
            await storage.SaveAsync(await SealAsync(next, keys, serializer, municipality, owner, RowVersion(storage.Etag) + 1));
            Value = next;
            ForgetSealedBytes();
        }
        finally
        {
            saving.Release();
        }
    }

    private readonly SemaphoreSlim saving = new(1, 1);

    /// <summary>Deletes what is stored, then forgets the value: a purge. A failed delete leaves both as they were.</summary>
    public async Task ClearAsync()
    {
        await saving.WaitAsync();
        try
        {
            await storage.ClearStateAsync();
            Value = new T();
        }
        finally
        {
            saving.Release();
        }
    }

    /// <summary>
    /// Seals what is stored again with the municipality's newest data key, if it was sealed with an older one
    /// (a data-key rotation); true when it did. The value itself does not change.
    /// </summary>
    public async Task<bool> ResealAsync()
    {
        if (!storage.RecordExists) return false;
        var (activeKeyId, _) = await keys.ActiveKeyAsync(municipality);
        if (storage.State.KeyId == activeKeyId && storage.State.Binding == VersionBound) return false;
        var copy = serializer.Deserialize<T>(serializer.SerializeToArray(Value)) ?? new T();
        await SaveAsync(copy);
        return true;
    }

    /// <summary>The version the store gave the row (0 for a row not written yet): our storage queries keep it in the ETag.</summary>
    private static int RowVersion(string? etag) =>
        etag is null ? 0 : int.TryParse(etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version
            : throw new InvalidOperationException("The store's row version is not a number; protected state needs our storage queries.");
}
