using CertOrleans.Contracts.Configuration;
using System.Security.Claims;
using CertOrleans.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// The staff console's sign-in: a person's own account, password and TOTP code, then a cookie that lives 30 minutes
/// past the last request, for /console only, never sent cross-site. Forms carry anti-forgery tokens. Each request
/// checks the cookie against the account as it is now: a removed account, or one whose role, municipalities,
/// password or second factor changed, is signed out at once. The keys that protect cookies are the cluster's
/// (<see cref="ConsoleKeyRepository"/>), shared by every gateway and sealed at rest.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "console";
    public const string Policy = "console";
    public const string Path = "/console";
    /// <summary>A claim with <see cref="StaffAccounts.Stamp"/> of the account as it was signed in.</summary>
    public const string StampClaim = "certorleans:account-stamp";
    private const string ActorPrefix = "staff:";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
        services.AddValidatedOptions<StaffConsoleOptions, StaffConsoleOptionsValidator>(configuration, StaffConsoleOptions.Section);
        services.AddSingleton<StaffAccounts>();
        services.AddSingleton<ConsoleSignIn>();
        services.AddDataProtection().SetApplicationName("certorleans-console");
        services.AddOptions<KeyManagementOptions>().Configure<IGrainFactory>((o, grains) => o.XmlRepository = new ConsoleKeyRepository(grains));
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Events.OnValidatePrincipal = ValidateAsync;
            o.LoginPath = Path + "/signin";
            o.AccessDeniedPath = Path + "/denied";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            o.Cookie.Name = "certorleans-console";
            o.Cookie.Path = Path;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Who the cookie says: the actor name the journal records, the role and the municipalities, as the admin keys carry them.</summary>
    public static ClaimsPrincipal Principal(StaffAccount account) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, ActorPrefix + account.User),
        new Claim(ClaimTypes.Role, account.Role),
        new Claim(StampClaim, StaffAccounts.Stamp(account)),
        .. account.Municipalities.Select(m => new Claim(ApiKeyAuthentication.MunicipalityClaim, m)),
    ], Scheme));

    /// <summary>Ends the session unless the account still exists exactly as it was signed in (role, municipalities, secrets).</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<StaffAccounts>();
        var name = context.Principal?.Identity?.Name;
        var account = name is not null && name.StartsWith(ActorPrefix, StringComparison.Ordinal) ? accounts.Find(name[ActorPrefix.Length..]) : null;
        if (account is not null && context.Principal!.FindFirstValue(StampClaim) == StaffAccounts.Stamp(account)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }

    /// <summary>Administrators and operators change what their municipalities hold; staff only look.</summary>
    public static bool MayChange(this ClaimsPrincipal user, string municipality) =>
        (user.IsInRole(StaffAccount.Administrator) || user.IsInRole(StaffAccount.Operator)) && user.MayAct(municipality);

    public static IReadOnlyList<string> Municipalities(this ClaimsPrincipal user) =>
        user.FindAll(ApiKeyAuthentication.MunicipalityClaim).Select(c => c.Value).Where(c => c != "*").ToList();
}
