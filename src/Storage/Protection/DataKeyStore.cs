using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CertOrleans.Storage;

namespace CertOrleans.Storage.Protection;

/// <summary>
/// Per-municipality data keys (AES-256), stored wrapped by the key-encryption key in <c>data_keys</c>.
/// A data key is created on first use; several silos racing to create it agree on the one that was stored.
/// The newest key seals; a rotation adds a newer one, which every silo takes up within
/// <see cref="ActiveKeyRefresh"/>, and re-sealing moves the old data onto it.
/// </summary>
public sealed class DataKeyStore(RelationalStore store, KeyEncryptionKey kek, TimeProvider? time = null)
{
    /// <summary>How long a silo keeps sealing with the key it knows before it looks for a newer one.</summary>
    public static readonly TimeSpan ActiveKeyRefresh = TimeSpan.FromSeconds(10);

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string Municipality, int KeyId), byte[]> keys = new();
    private readonly ConcurrentDictionary<string, (int KeyId, DateTimeOffset Until)> active = new();

    /// <summary>Checks at start that the configured KEK unwraps every stored data key; otherwise the silo must not run.</summary>
    public async Task VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT municipality_code, key_id, wrapped_key, kek_id FROM data_keys";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (municipality, keyId, wrapped, kekId) = (reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), (byte[])reader.GetValue(2), reader.GetString(3));
            if (kekId != kek.Id)
                throw new InvalidOperationException(
                    $"The configured key-encryption key ({kek.Id}) is not the one the data keys were wrapped with ({kekId}). Refusing to start: the resident data would be unreadable. Configure the right key file.");
            keys[(municipality, keyId)] = Unwrap(kek.Key, municipality, keyId, wrapped);
        }
    }

    public async Task<(int KeyId, byte[] Key)> ActiveKeyAsync(string municipality)
    {
        if (active.TryGetValue(municipality, out var known) && known.Until > clock.GetUtcNow() && keys.TryGetValue((municipality, known.KeyId), out var cached))
            return (known.KeyId, cached);
        var latest = await LatestAsync(municipality);
        if (latest is null)
        {
            await TryInsertAsync(municipality, 1, RandomNumberGenerator.GetBytes(32));
            latest = await LatestAsync(municipality) ?? throw new InvalidOperationException("A data key could not be created.");
        }
        active[municipality] = (latest.Value.KeyId, clock.GetUtcNow() + ActiveKeyRefresh);
        keys[(municipality, latest.Value.KeyId)] = latest.Value.Key;
        return latest.Value;
    }

    /// <summary>
    /// The municipality's secret for keyed lookups (grain keys made from personal data, like a register's 本籍 and 筆頭者).
    /// Stored and re-wrapped like a data key, under <c>{code}|lookup</c>, and never rotated: keys made with it stay valid.
    /// </summary>
    public async Task<byte[]> LookupSecretAsync(string municipality)
    {
        var name = $"{municipality}|lookup";
        if (keys.TryGetValue((name, 1), out var cached)) return cached;
        if (await LatestAsync(name) is null) await TryInsertAsync(name, 1, RandomNumberGenerator.GetBytes(32));
        return await KeyAsync(name, 1);
    }

    /// <summary>Adds a new data key for <paramref name="municipality"/>; it seals from now on (on other silos within <see cref="ActiveKeyRefresh"/>).</summary>
    /// <param name="record">Writes the rotation's record in the same transaction as the new key (its journal entry), given the new key's id.</param>
    public async Task<int> RotateAsync(string municipality, Func<DbConnection, DbTransaction, int, Task>? record = null)
    {
        var current = await LatestAsync(municipality);
        var next = (current?.KeyId ?? 0) + 1;
        await using (var connection = await store.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await InsertAsync(connection, transaction, municipality, next, RandomNumberGenerator.GetBytes(32));
            if (record is not null) await record(connection, transaction, next);
            await transaction.CommitAsync();
        }
        active.TryRemove(municipality, out _);
        return (await ActiveKeyAsync(municipality)).KeyId;
    }

    /// <summary>Deletes the data keys older than the newest once nothing is sealed with them any more; returns how many.</summary>
    public async Task<int> RetireOlderThanAsync(string municipality, int keyId)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM data_keys WHERE municipality_code = @m AND key_id < @k";
        command.AddParameter("m", municipality);
        command.AddParameter("k", keyId);
        var deleted = await command.ExecuteNonQueryAsync();
        foreach (var cached in keys.Keys.Where(k => k.Municipality == municipality && k.KeyId < keyId).ToList())
            if (keys.TryRemove(cached, out var key)) CryptographicOperations.ZeroMemory(key);
        return deleted;
    }

    public async Task<byte[]> KeyAsync(string municipality, int keyId)
    {
        if (keys.TryGetValue((municipality, keyId), out var cached)) return cached;
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT wrapped_key FROM data_keys WHERE municipality_code = @m AND key_id = @k";
        command.AddParameter("m", municipality);
        command.AddParameter("k", keyId);
        var wrapped = await command.ExecuteScalarAsync() as byte[]
            ?? throw new CryptographicException($"Data key {keyId} of municipality {municipality} is missing.");
        return keys[(municipality, keyId)] = Unwrap(kek.Key, municipality, keyId, wrapped);
    }

    /// <summary>Re-wraps every data key with <paramref name="next"/>, in one transaction; the data itself is untouched.</summary>
    public async Task<int> RewrapAsync(KeyEncryptionKey next, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<(string Municipality, int KeyId, byte[] Wrapped, string KekId)>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT municipality_code, key_id, wrapped_key, kek_id FROM data_keys";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), (byte[])reader.GetValue(2), reader.GetString(3)));
        }
        foreach (var (municipality, keyId, wrapped, kekId) in rows)
        {
            if (kekId != kek.Id)
                throw new InvalidOperationException($"Data key {keyId} of {municipality} is wrapped with another key-encryption key ({kekId}); nothing was changed.");
            var key = Unwrap(kek.Key, municipality, keyId, wrapped);
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE data_keys SET wrapped_key = @w, kek_id = @kek WHERE municipality_code = @m AND key_id = @k";
            update.AddParameter("w", Wrap(next.Key, municipality, keyId, key));
            update.AddParameter("kek", next.Id);
            update.AddParameter("m", municipality);
            update.AddParameter("k", keyId);
            await update.ExecuteNonQueryAsync(cancellationToken);
            CryptographicOperations.ZeroMemory(key);
        }
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private async Task<(int KeyId, byte[] Key)?> LatestAsync(string municipality)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id, wrapped_key FROM data_keys WHERE municipality_code = @m ORDER BY key_id DESC LIMIT 1";
        command.AddParameter("m", municipality);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var keyId = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
        return (keyId, Unwrap(kek.Key, municipality, keyId, (byte[])reader.GetValue(1)));
    }

    private async Task TryInsertAsync(string municipality, int keyId, byte[] key)
    {
        await using var connection = await store.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await InsertAsync(connection, transaction, municipality, keyId, key);
        await transaction.CommitAsync();
    }

    private async Task InsertAsync(DbConnection connection, DbTransaction transaction, string municipality, int keyId, byte[] key)
    {
        await using var command = connection.Command(transaction,
            // ON CONFLICT DO NOTHING: if another silo won the race, its key is the one everybody uses.
            "INSERT INTO data_keys (municipality_code, key_id, wrapped_key, kek_id, created_at) VALUES (@m, @k, @w, @kek, @at) ON CONFLICT DO NOTHING");
        command.AddParameter("m", municipality);
        command.AddParameter("k", keyId);
        command.AddParameter("w", Wrap(kek.Key, municipality, keyId, key));
        command.AddParameter("kek", kek.Id);
        command.AddParameter("at", DateTime.UtcNow);
        await command.ExecuteNonQueryAsync();
    }

    private static byte[] Wrap(byte[] kek, string municipality, int keyId, byte[] key) =>
        Envelope.Seal(kek, key, Context(municipality, keyId));

    private static byte[] Unwrap(byte[] kek, string municipality, int keyId, byte[] wrapped)
    {
        try
        {
            return Envelope.Open(kek, wrapped, Context(municipality, keyId));
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException($"Data key {keyId} of municipality {municipality} does not unwrap with the configured key-encryption key.");
        }
    }

    private static byte[] Context(string municipality, int keyId) => Encoding.UTF8.GetBytes($"certorleans-data-key|{municipality}|{keyId}");

}

/// <summary>AES-256-GCM with a random 96-bit nonce: <c>nonce (12) | tag (16) | ciphertext</c>, bound to a context (AAD).</summary>
public static class Envelope
{
    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> context)
    {
        var output = new byte[12 + 16 + plaintext.Length];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(28), output.AsSpan(12, 16), context);
        return output;
    }

    public static byte[] Open(byte[] key, ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> context)
    {
        if (sealedData.Length < 28) throw new CryptographicException("Sealed data is too short.");
        var plaintext = new byte[sealedData.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(sealedData[..12], sealedData[28..], sealedData.Slice(12, 16), plaintext, context);
        return plaintext;
    }
}
