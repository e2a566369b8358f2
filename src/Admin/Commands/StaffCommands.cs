using System.CommandLine;
using CertOrleans.Admin.Demo;
using CertOrleans.Pki;

namespace CertOrleans.Admin.Commands;

/// <summary>staff add / code: console accounts, one per person, in the gateway's accounts file.</summary>
internal static class StaffCommands
{
    public static Command Create(SharedOptions shared)
    {
        var userOption = new Option<string>("--user") { Description = "The person's user name", Required = true };
        var roleOption = new Option<string>("--role") { Description = "municipal-staff (read), municipal-administrator (change) or cluster-operator", Required = true };
        var staffMunicipalities = new Option<string>("--municipalities") { Description = "Comma-separated municipality codes, or * (cluster operators)", Required = true };
        var accountsFile = new Option<FileInfo?>("--file") { Description = "The accounts file the gateway reads (Gateway:Console:AccountsFile; default <data>/staff-accounts.json)" };
        var addStaff = new Command("add", "Add a console account: prints its password and TOTP secret once") { userOption, roleOption, staffMunicipalities, accountsFile, shared.Data };
        addStaff.SetAction(parse => CommandRunner.Run(() =>
        {
            var file = parse.GetValue(accountsFile)?.FullName ?? new DemoLayout(parse.GetValue(shared.Data)!).StaffAccounts;
            var user = parse.GetValue(userOption)!;
            if (!System.Text.RegularExpressions.Regex.IsMatch(user, "^[a-z][a-z0-9._-]{1,31}$")) throw new UsageException("--user is 2 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter.");
            var role = parse.GetValue(roleOption)!;
            if (role is not (CertOrleans.Staff.StaffAccount.Staff or CertOrleans.Staff.StaffAccount.Administrator or CertOrleans.Staff.StaffAccount.Operator))
                throw new UsageException("--role is municipal-staff, municipal-administrator or cluster-operator.");
            var codes = parse.GetValue(staffMunicipalities)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (codes.Length == 0 || codes.Any(c => c != "*" && !CertOrleans.Contracts.Residents.ResidentKey.IsValidMunicipalityCode(c)))
                throw new UsageException("--municipalities lists valid 6-digit municipality codes, or is *.");
            var existing = File.Exists(file) ? CertOrleans.Staff.StaffAccounts.Read(file).ToList() : [];
            if (existing.Any(a => a.User == user)) throw new UsageException($"{user} already has an account in {file}.");
            var (account, password) = CertOrleans.Staff.StaffAccounts.Create(user, role, codes);
            PrivateFile.Write(file, CertOrleans.Staff.StaffAccounts.Serialize([.. existing, account]));
            Console.WriteLine($"account {user} ({role}, {string.Join(',', codes)}) added to {file}; the gateway reads it again at its next request");
            Console.WriteLine($"password: {password}");
            Console.WriteLine($"authenticator: otpauth://totp/CertOrleans:{user}?secret={account.TotpSecret}&issuer=CertOrleans");
            return Task.FromResult(0);
        }));
        var codeStaff = new Command("code", "The current TOTP code of an account, from the accounts file (for the demo: a person uses an authenticator app)") { userOption, accountsFile, shared.Data };
        codeStaff.SetAction(parse => CommandRunner.Run(() =>
        {
            var file = parse.GetValue(accountsFile)?.FullName ?? new DemoLayout(parse.GetValue(shared.Data)!).StaffAccounts;
            if (!File.Exists(file)) throw new UsageException($"No such file: {file}");
            var account = CertOrleans.Staff.StaffAccounts.Read(file).FirstOrDefault(a => a.User == parse.GetValue(userOption))
                ?? throw new UsageException($"No account {parse.GetValue(userOption)} in {file}.");
            Console.WriteLine(CertOrleans.Staff.StaffAccounts.CurrentCode(account.TotpSecret));
            return Task.FromResult(0);
        }));
        return new Command("staff", "Console accounts") { addStaff, codeStaff };
    }
}
