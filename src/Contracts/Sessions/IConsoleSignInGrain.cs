namespace CertOrleans.Contracts.Sessions;

/// <summary>
/// What every gateway must agree on about one console user name's sign-ins: the last second-factor time step used
/// (a code is accepted once, whichever gateway sees it) and the recent failures (too many lock the name for a while).
/// Asked for every name tried, known or not, so a locked name says nothing about whether an account exists.
/// </summary>
[Alias("certorleans.console-sign-in")]
public interface IConsoleSignInGrain : IGrainWithStringKey
{
    /// <summary>Until when the name is locked after too many failures, or null when it may try.</summary>
    [Alias("locked-until"), ReadOnly]
    Task<DateTimeOffset?> LockedUntil();

    /// <summary>Counts a failed attempt (wrong name, password or code).</summary>
    [Alias("failed")]
    Task Failed();

    /// <summary>
    /// Spends the TOTP time step of a sign-in whose password and code were right: true, and the failures forgotten,
    /// when the step is later than any used before; false (counted as a failure) for a step already used or older.
    /// </summary>
    [Alias("accept")]
    Task<bool> Accept(long step);
}

/// <summary>The grain key of a console user name: <c>s{name}</c> (names are lower-case letters, digits, '.', '_', '-').</summary>
public static class ConsoleSignInKeys
{
    private static readonly System.Text.RegularExpressions.Regex Name = new("^[a-z][a-z0-9._-]{1,31}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Whether <paramref name="user"/> has the shape of a console user name (the admin CLI makes no others).</summary>
    public static bool IsValidName(string? user) => user is not null && Name.IsMatch(user);

    public static string For(string user) => IsValidName(user) ? "s" + user : throw new FormatException("Not a console user name.");
}
