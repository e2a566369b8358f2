using CertOrleans.Staff;
using Microsoft.Playwright;

namespace CertOrleans.Tests.Staff;

/// <summary>Signs a test staff account in to the console as a person would: password, then the current second-factor code.</summary>
public static class ConsoleSignIn
{
    public static Task<IPage> SignInAsync(IBrowserContext context, Uri gateway, string user, string? code = null)
    {
        var (account, password) = GatewayFixture.Staff[user];
        return SignInAsync(context, gateway, account, password, code);
    }

    /// <summary>Signs in an account of a test's own (a gateway with an accounts file of its own), or any name and password.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, Uri gateway, StaffAccount account, string password, string? code = null)
    {
        var user = account.User;
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(gateway, "console").ToString());
        Assert.EndsWith("/console/signin?ReturnUrl=%2Fconsole", page.Url);
        await page.FillAsync("#user", user);
        await page.FillAsync("#password", password);
        await page.FillAsync("#code", code ?? StaffAccounts.CurrentCode(account.TotpSecret));
        await page.ClickAsync("#sign-in");
        return page;
    }
}
