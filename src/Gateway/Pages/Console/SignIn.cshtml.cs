using CertOrleans.Contracts.Journal;
using CertOrleans.Gateway.Apis;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CertOrleans.Gateway.Pages.Console;

/// <summary>Sign-in: the person's user name, password and the code their authenticator shows now. Every sign-in is journaled.</summary>
public sealed class SignInModel(ConsoleSignIn signIn, IGrainFactory grains) : PageModel
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
        var (outcome, account) = string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password) || string.IsNullOrEmpty(Code)
            ? (ConsoleSignIn.Outcome.Refused, null)
            : await signIn.SignInAsync(UserName, Password, Code);
        if (account is null)
        {
            // One answer for every failure: nobody learns which of the three was wrong, nor whether the name exists.
            Error = outcome == ConsoleSignIn.Outcome.Locked
                ? "サインインの失敗が続いたため、このユーザー名はしばらく使えません。15分ほどおいてからお試しください。"
                : "サインインできませんでした。ユーザー名、パスワード、確認コードを確かめてください。";
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
