using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using CertOrleans.Contracts.Configuration;
using Microsoft.Extensions.Options;
using OtpNet;

namespace CertOrleans.Staff;

/// <summary>One person's console account: a password (ASP.NET Core Identity's hash), a TOTP secret, a role and municipalities.</summary>
public sealed record StaffAccount(string User, string PasswordHash, string TotpSecret, string Role, IReadOnlyList<string> Municipalities)
{
    public const string Staff = "municipal-staff";
    public const string Administrator = "municipal-administrator";
    public const string Operator = "cluster-operator";
}

/// <summary>The staff console's settings (section <c>Gateway:Console</c>).</summary>
public sealed class StaffConsoleOptions
{
    public const string Section = "Gateway:Console";

    /// <summary>The accounts file (<c>staff add</c> writes it); unset, the console has no accounts.</summary>
    public string? AccountsFile { get; set; }
}

public sealed class StaffConsoleOptionsValidator : OptionsValidator<StaffConsoleOptions>
{
    protected override IEnumerable<string> Problems(StaffConsoleOptions options)
    {
        if (options.AccountsFile is { } file && (string.IsNullOrWhiteSpace(file) || file.Any(char.IsControl)))
            yield return "Gateway:Console:AccountsFile must name a file (or be left unset for no console accounts).";
    }
}

/// <summary>
/// The console's accounts, from the file <c>Gateway:Console:AccountsFile</c> (a JSON array of <see cref="StaffAccount"/>;
/// the admin CLI's <c>staff add</c> writes it). No file: no console accounts. The file is read again when it changes, so
/// a removed or changed account is known at the next request (the console's session check asks <see cref="Find"/>).
/// A password and the current TOTP code are both needed; which codes are spent is the cluster's to remember.
/// </summary>
public sealed class StaffAccounts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string? file;
    private readonly IPasswordHasher<StaffAccount> hasher;
    private readonly Lock reading = new();
    // A hash of a random password nobody knows: an unknown name is checked against it, so it costs what a known one does.
    private readonly StaffAccount unknown;
    private (DateTime WrittenAt, long Length, Dictionary<string, StaffAccount> Accounts) loaded = (default, -1, new(StringComparer.Ordinal));

    public StaffAccounts(IOptions<StaffConsoleOptions> options, IPasswordHasher<StaffAccount> hasher)
    {
        this.hasher = hasher;
        file = options.Value.AccountsFile is { Length: > 0 } path ? path : null;
        var placeholder = new StaffAccount("", "", "", StaffAccount.Staff, []);
        unknown = placeholder with { PasswordHash = hasher.HashPassword(placeholder, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))) };
        // A missing or broken file stops the gateway at start; later it is read again whenever it changed.
        Accounts();
    }

    /// <summary>The account named <paramref name="user"/> as the file says now, or null.</summary>
    public StaffAccount? Find(string user) => Accounts().GetValueOrDefault(user);

    /// <summary>
    /// The account, if the password is its own. An unknown name is checked against a hash all the same, so the
    /// time an answer takes does not tell which names exist.
    /// </summary>
    public StaffAccount? CheckPassword(string user, string password)
    {
        var account = Find(user);
        var verified = hasher.VerifyHashedPassword(account ?? unknown, (account ?? unknown).PasswordHash, password) != PasswordVerificationResult.Failed;
        return account is not null && verified ? account : null;
    }

    /// <summary>The TOTP time step of <paramref name="code"/> if it is the account's code now (one step either side), else null.</summary>
    public static long? CheckCode(StaffAccount account, string code, DateTimeOffset now)
    {
        var totp = new Totp(Base32Encoding.ToBytes(account.TotpSecret));
        return totp.VerifyTotp(now.UtcDateTime, code.Trim(), out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>What a session was signed in as: a change of password, second factor, role or municipalities changes it.</summary>
    public static string Stamp(StaffAccount account) => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        string.Join('\n', [account.User, account.PasswordHash, account.TotpSecret, account.Role, .. account.Municipalities]))));

    private Dictionary<string, StaffAccount> Accounts()
    {
        if (file is null) return loaded.Accounts;
        lock (reading)
        {
            // Taken before reading: a change made while it is read shows as a newer time at the next request.
            var info = new FileInfo(file);
            var (writtenAt, length) = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (default, -1L);
            if (length >= 0 && loaded.WrittenAt == writtenAt && loaded.Length == length) return loaded.Accounts;
            try
            {
                loaded = (writtenAt, length, Read(file).ToDictionary(a => a.User, StringComparer.Ordinal));
                return loaded.Accounts;
            }
            catch (InvalidOperationException) when (loaded.Length >= 0)
            {
                // Taken away or half written since the gateway started: nobody signs in or stays signed in until it reads again.
                return new(StringComparer.Ordinal);
            }
        }
    }

    public static IReadOnlyList<StaffAccount> Read(string file)
    {
        try
        {
            var list = JsonSerializer.Deserialize<List<StaffAccount>>(File.ReadAllText(file), Json) ?? [];
            foreach (var account in list)
            {
                if (account.Role is not (StaffAccount.Staff or StaffAccount.Administrator or StaffAccount.Operator))
                    throw new InvalidOperationException($"Console account '{account.User}' has an unknown role '{account.Role}'.");
                Base32Encoding.ToBytes(account.TotpSecret);
            }
            return list;
        }
        catch (Exception ex) when (ex is IOException or JsonException or ArgumentException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The console accounts file {file} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>A new account with a random password and TOTP secret (the CLI prints both once).</summary>
    public static (StaffAccount Account, string Password) Create(string user, string role, IReadOnlyList<string> municipalities)
    {
        var password = Base32Encoding.ToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        var account = new StaffAccount(user, "", secret, role, municipalities);
        return (account with { PasswordHash = new PasswordHasher<StaffAccount>().HashPassword(account, password) }, password);
    }

    /// <summary>The TOTP code of a secret now (what an authenticator app shows): the demo's CLI and the tests use it.</summary>
    public static string CurrentCode(string totpSecret) => new Totp(Base32Encoding.ToBytes(totpSecret)).ComputeTotp(DateTime.UtcNow);

    public static string Serialize(IEnumerable<StaffAccount> accounts) => JsonSerializer.Serialize(accounts, new JsonSerializerOptions(Json) { WriteIndented = true });
}
