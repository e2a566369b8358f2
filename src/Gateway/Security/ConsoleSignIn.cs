using CertOrleans.Contracts.Sessions;
using CertOrleans.Staff;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// Checks a console sign-in: the name's record in the cluster (locked after too many failures), the password (hashed
/// for unknown names too), the current TOTP code, and that the code was never spent at any gateway. Every name of
/// the right shape goes through the same steps, so neither the answer nor the lock tells whether an account exists.
/// </summary>
public sealed class ConsoleSignIn(StaffAccounts accounts, IGrainFactory grains)
{
    public enum Outcome { SignedIn, Refused, Locked }

    public async Task<(Outcome Outcome, StaffAccount? Account)> SignInAsync(string user, string password, string code)
    {
        if (!ConsoleSignInKeys.IsValidName(user))
        {
            // No account has such a name (the CLI makes none): the same hashing, and no record for arbitrary text.
            accounts.CheckPassword(user, password);
            return (Outcome.Refused, null);
        }
        var record = grains.GetGrain<IConsoleSignInGrain>(ConsoleSignInKeys.For(user));
        if (await record.LockedUntil() is not null) return (Outcome.Locked, null);
        var account = accounts.CheckPassword(user, password);
        // The code is checked against the wall clock, the one the person's authenticator shows.
        if (account is null || StaffAccounts.CheckCode(account, code, DateTimeOffset.UtcNow) is not { } step)
        {
            await record.Failed();
            return (Outcome.Refused, null);
        }
        return await record.Accept(step) ? (Outcome.SignedIn, account) : (Outcome.Refused, null);
    }
}
