using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CertOrleans.Pki;

/// <summary>
/// A test My Number card kept in a file: the user-authentication certificate and its private key, the key
/// encrypted under the 4-digit PIN. Like the chip, it checks the PIN itself, counts wrong entries and locks
/// after three; the PIN never leaves this object. (A file cannot resist offline guessing the way a chip
/// does; this is a development stand-in, not a security boundary.)
/// </summary>
public sealed class SoftwareCard
{
    public const int MaxPinAttempts = 3;
    private const string Format = "certorleans-test-card/1";
    private static readonly PbeParameters KeyProtection = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly string? path;
    private CardFile file;

    private SoftwareCard(CardFile file, string? path)
    {
        this.file = file;
        this.path = path;
        Certificate = X509Certificate2.CreateFromPem(file.Certificate);
    }

    public X509Certificate2 Certificate { get; }

    public int FailedPinAttempts => file.FailedPinAttempts;

    public bool Locked => file.FailedPinAttempts >= MaxPinAttempts;

    /// <summary>Issues a new card from the card CA, protected by <paramref name="pin"/>.</summary>
    public static SoftwareCard Issue(CertificateAuthority cardAuthority, string pin, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (!IsWellFormedPin(pin)) throw new ArgumentException("A card PIN is exactly four digits.", nameof(pin));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = cardAuthority.IssueCardCertificate(key, notBefore, notAfter);
        var file = new CardFile(Format, certificate.ExportCertificatePem(), Convert.ToBase64String(key.ExportEncryptedPkcs8PrivateKey(pin, KeyProtection)), 0);
        return new SoftwareCard(file, null);
    }

    public static SoftwareCard Load(string path)
    {
        CardFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CardFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a test card file: {ex.Message}");
        }
        if (file is null || file.Format != Format) throw new InvalidDataException($"'{path}' is not a test card file ({Format}).");
        return new SoftwareCard(file, path);
    }

    public void Save(string destination) => PrivateFile.Write(destination, JsonSerializer.Serialize(file, Json));

    public static bool IsWellFormedPin(string? pin) => pin is { Length: 4 } && pin.All(char.IsAsciiDigit);

    /// <summary>Signs <paramref name="payload"/> if <paramref name="pin"/> is right; a wrong PIN counts towards the lock.</summary>
    public byte[] Sign(string pin, ReadOnlySpan<byte> payload)
    {
        using var unlocked = Unlock(pin);
        return unlocked.Sign(payload);
    }

    /// <summary>
    /// The card's key opened with <paramref name="pin"/> (a wrong PIN counts towards the lock), for signing many times:
    /// the load generator keeps it, where a kiosk asks for the PIN at every visit. Opening costs a key derivation.
    /// </summary>
    public UnlockedCard Unlock(string pin)
    {
        if (Locked) throw new CardLockedException();
        var key = ECDsa.Create();
        try
        {
            if (!IsWellFormedPin(pin)) throw new CryptographicException();
            key.ImportEncryptedPkcs8PrivateKey(pin, Convert.FromBase64String(file.EncryptedKey), out _);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            file = file with { FailedPinAttempts = file.FailedPinAttempts + 1 };
            Persist();
            if (Locked) throw new CardLockedException();
            throw new WrongPinException(MaxPinAttempts - file.FailedPinAttempts);
        }
        if (file.FailedPinAttempts != 0)
        {
            file = file with { FailedPinAttempts = 0 };
            Persist();
        }
        return new UnlockedCard(key);
    }

    private void Persist()
    {
        if (path is not null) Save(path);
    }

    private sealed record CardFile(
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("certificate")] string Certificate,
        [property: JsonPropertyName("encryptedKey")] string EncryptedKey,
        [property: JsonPropertyName("failedPinAttempts")] int FailedPinAttempts);
}

/// <summary>A card's key, opened with its PIN; signs as the card does (ECDSA P-256, IEEE P1363, SHA-256), one signature at a time.</summary>
public sealed class UnlockedCard(ECDsa key) : IDisposable
{
    private readonly Lock signing = new();

    public byte[] Sign(ReadOnlySpan<byte> payload)
    {
        lock (signing) return key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public void Dispose() => key.Dispose();
}

public sealed class WrongPinException(int attemptsLeft) : Exception($"Wrong PIN. {attemptsLeft} attempt(s) left before the card locks.")
{
    public int AttemptsLeft { get; } = attemptsLeft;
}

public sealed class CardLockedException() : Exception("The card is locked after three wrong PINs. Only the city office can unlock it.");
