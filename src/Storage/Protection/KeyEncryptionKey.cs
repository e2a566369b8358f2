using System.Security.Cryptography;
using System.Text;
using CertOrleans.Contracts.Configuration;
using Microsoft.Extensions.Configuration;

namespace CertOrleans.Storage.Protection;

/// <summary>
/// The key-encryption key (KEK): 256 bits that wrap every municipality's data keys. It comes from
/// configuration (<c>Encryption:KeyEncryptionKey</c>, base64) or a key file
/// (<c>Encryption:KeyFile</c>); it is never stored in the database.
/// </summary>
public sealed class KeyEncryptionKey
{
    public KeyEncryptionKey(byte[] key)
    {
        if (key.Length != 32) throw new InvalidOperationException("The key-encryption key must be 32 bytes (256 bits), base64-encoded.");
        Key = key;
        // Names the KEK in the data_keys table so a wrong key is recognised before anything is decrypted.
        Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("certorleans-kek-id|").Concat(key).ToArray()))[..16];
    }

    public byte[] Key { get; }

    public string Id { get; }

    public static string NewBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static KeyEncryptionKey From(EncryptionOptions options)
    {
        ValidatedOptions.Checked<EncryptionOptions, EncryptionOptionsValidator>(options);
        var encoded = options.KeyEncryptionKey;
        if (string.IsNullOrWhiteSpace(encoded) && options.KeyFile is { Length: > 0 } file)
        {
            if (!File.Exists(file))
                throw new InvalidOperationException($"The key-encryption key file '{file}' does not exist. Without it the resident data cannot be read; restore it from your key backup.");
            encoded = File.ReadAllText(file).Trim();
        }
        if (string.IsNullOrEmpty(encoded)) throw new InvalidOperationException($"The key-encryption key file '{options.KeyFile}' is empty; restore it from your key backup.");
        try
        {
            return new KeyEncryptionKey(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The key-encryption key is not valid base64.");
        }
    }

    public static KeyEncryptionKey From(IConfiguration configuration) =>
        From(configuration.GetValidated<EncryptionOptions, EncryptionOptionsValidator>(EncryptionOptions.Section));
}

/// <summary>Where the key-encryption key comes from (section <c>Encryption</c>): a key file, or the key itself (tests, benchmarks).</summary>
public sealed class EncryptionOptions
{
    public const string Section = "Encryption";

    public string? KeyFile { get; set; }

    /// <summary>The key in base64; wins over <see cref="KeyFile"/>.</summary>
    public string? KeyEncryptionKey { get; set; }
}

public sealed class EncryptionOptionsValidator : OptionsValidator<EncryptionOptions>
{
    protected override IEnumerable<string> Problems(EncryptionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.KeyEncryptionKey) && string.IsNullOrWhiteSpace(options.KeyFile))
            yield return "No key-encryption key is configured: set Encryption:KeyFile (or Encryption:KeyEncryptionKey). Resident data is encrypted at rest and cannot be stored without it.";
    }
}
