using CertOrleans.Contracts.Journal;
using CertOrleans.Gateway.Apis;
using CertOrleans.Gateway.Security;
using CertOrleans.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>Sign-in: the person's user name, password and the code their authenticator shows now. Every sign-in is journaled.</summary>
public sealed class SignInModel(StaffAccounts accounts, IGrainFactory grains) : PageModel
{
    [BindProperty(Name = "User")] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Code { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var account = string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password) || string.IsNullOrEmpty(Code)
            ? null
            : accounts.SignIn(UserName, Password, Code, DateTimeOffset.UtcNow);
        if (account is null)
        {
            // One answer for every failure: nobody learns which of the three was wrong.
            Error = "サインインできませんでした。ユーザー名、パスワード、確認コードを確かめてください。";
            return Page();
        }
        var principal = ConsoleAuthentication.Principal(account);
        await HttpContext.SignInAsync(ConsoleAuthentication.Scheme, principal);
        HttpContext.User = principal;
        foreach (var chain in account.Municipalities.Select(m => m == "*" ? JournalNames.ClusterChain : m))
            await AdminJournal.RecordAsync(grains, HttpContext, chain, JournalKinds.StaffSignedIn, $"staff {account.User}", new Dictionary<string, string> { ["role"] = account.Role });
        return Redirect(ConsoleAuthentication.Path);
    }
}
