using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using OtpNet;

namespace CertOrleans.Staff;

/// <summary>One person's console account: a password (ASP.NET Core Identity's hash), a TOTP secret, a role and municipalities.</summary>
public sealed record StaffAccount(string User, string PasswordHash, string TotpSecret, string Role, IReadOnlyList<string> Municipalities)
{
    public const string Staff = "municipal-staff";
    public const string Administrator = "municipal-administrator";
    public const string Operator = "cluster-operator";
}

/// <summary>
/// The console's accounts, from the file <c>Gateway:Console:AccountsFile</c> (a JSON array of <see cref="StaffAccount"/>;
/// the admin CLI's <c>staff add</c> writes it). No file: no console accounts. A password and the current TOTP code
/// are both needed; a code is accepted once.
/// </summary>
public sealed class StaffAccounts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, StaffAccount> accounts;
    private readonly PasswordHasher<StaffAccount> hasher = new();
    private readonly ConcurrentDictionary<string, long> lastStep = new();

    public StaffAccounts(IConfiguration configuration)
    {
        var file = configuration["Gateway:Console:AccountsFile"];
        var list = string.IsNullOrWhiteSpace(file) ? [] : Read(file);
        accounts = list.ToDictionary(a => a.User, StringComparer.Ordinal);
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

    /// <summary>The account, if the password is its own and the code is its current TOTP code, not used before.</summary>
    public StaffAccount? SignIn(string user, string password, string code, DateTimeOffset now)
    {
        if (!accounts.TryGetValue(user, out var account)) return null;
        if (hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed) return null;
        var totp = new Totp(Base32Encoding.ToBytes(account.TotpSecret));
        if (!totp.VerifyTotp(now.UtcDateTime, code.Trim(), out var step, new VerificationWindow(previous: 1, future: 1))) return null;
        // A code seen once is spent: someone who watched it typed cannot use it again.
        var seen = lastStep.GetOrAdd(user, -1);
        if (step <= seen || !lastStep.TryUpdate(user, step, seen)) return null;
        return account;
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
