using CertOrleans.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace CertOrleans.Tests.Staff;

/// <summary>The accounts file as the console reads it: what an unknown name costs, and a file changed while the gateway runs.</summary>
public sealed class StaffAccountsTests
{
    /// <summary>Counts the password checks, and which hashes they were against.</summary>
    private sealed class CountingHasher : IPasswordHasher<StaffAccount>
    {
        private readonly PasswordHasher<StaffAccount> inner = new();
        public List<string> Verified { get; } = [];

        public string HashPassword(StaffAccount user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffAccount user, string hashedPassword, string providedPassword)
        {
            Verified.Add(hashedPassword);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private static (StaffAccounts Accounts, CountingHasher Hasher, string File) Make(params StaffAccount[] accounts)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-staff-").FullName, "staff.json");
        File.WriteAllText(file, StaffAccounts.Serialize(accounts));
        var hasher = new CountingHasher();
        return (new StaffAccounts(Microsoft.Extensions.Options.Options.Create(new StaffConsoleOptions { AccountsFile = file }), hasher), hasher, file);
    }

    [Fact]
    public void An_unknown_name_costs_one_full_password_check_like_a_known_one()
    {
        var (known, password) = StaffAccounts.Create("sato", StaffAccount.Administrator, ["092011"]);
        var (accounts, hasher, _) = Make(known);

        Assert.Null(accounts.CheckPassword("sato", password + "x"));
        Assert.Null(accounts.CheckPassword("nobody", password));
        Assert.Equal(2, hasher.Verified.Count);
        // The unknown name was checked against a real hash of the same kind, not skipped or compared with nothing.
        Assert.NotEqual(known.PasswordHash, hasher.Verified[1]);
        Assert.Equal(Convert.FromBase64String(known.PasswordHash).Length, Convert.FromBase64String(hasher.Verified[1]).Length);
        Assert.Equal("sato", accounts.CheckPassword("sato", password)?.User);
    }

    [Fact]
    public void A_changed_file_is_read_again_and_changes_the_accounts_stamp()
    {
        var (known, _) = StaffAccounts.Create("sato", StaffAccount.Administrator, ["092011"]);
        var (accounts, _, file) = Make(known);
        var stamp = StaffAccounts.Stamp(accounts.Find("sato")!);

        File.WriteAllText(file, StaffAccounts.Serialize([known with { Municipalities = ["092011", "132012"] }]));
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(2));
        Assert.Equal(["092011", "132012"], accounts.Find("sato")!.Municipalities);
        Assert.NotEqual(stamp, StaffAccounts.Stamp(accounts.Find("sato")!));

        File.Delete(file);
        Assert.Null(accounts.Find("sato"));
    }
}
