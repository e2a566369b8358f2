using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CertOrleans.Storage.Protection;

namespace CertOrleans.Storage.Journal;

/// <summary>
/// The MAC every journal entry is stored with: HMAC-SHA256 over its chain, number and hash, under a key derived from
/// the key-encryption key, which only silos hold and which never enters the database. A row written with database
/// access alone has no valid MAC, and the journal grain refuses to sign a checkpoint over it.
/// </summary>
public sealed class JournalEntryAuthenticator(KeyEncryptionKey kek)
{
    private readonly byte[] key = HKDF.DeriveKey(HashAlgorithmName.SHA256, kek.Key, 32, info: Encoding.ASCII.GetBytes("CertOrleans journal entry MAC v1"));

    public string Mac(string chain, long sequence, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\n', chain, sequence.ToString(CultureInfo.InvariantCulture), hash))));

    public bool IsAuthentic(string chain, long sequence, string hash, string? mac) =>
        mac is { Length: 64 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(chain, sequence, hash)), Encoding.ASCII.GetBytes(mac));
}
