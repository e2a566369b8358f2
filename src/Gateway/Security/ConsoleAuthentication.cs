using System.Security.Claims;
using CertOrleans.Staff;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CertOrleans.Gateway.Security;

/// <summary>
/// The staff console's sign-in: a person's own account, password and TOTP code, then a cookie that lives 30 minutes
/// past the last request, for /console only, never sent cross-site. Forms carry anti-forgery tokens.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "console";
    public const string Policy = "console";
    public const string Path = "/console";

    public static IServiceCollection AddConsoleAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<StaffAccounts>();
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
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
        new Claim(ClaimTypes.Name, $"staff:{account.User}"),
        new Claim(ClaimTypes.Role, account.Role),
        .. account.Municipalities.Select(m => new Claim(ApiKeyAuthentication.MunicipalityClaim, m)),
    ], Scheme));

    /// <summary>Administrators and operators change what their municipalities hold; staff only look.</summary>
    public static bool MayChange(this ClaimsPrincipal user, string municipality) =>
        (user.IsInRole(StaffAccount.Administrator) || user.IsInRole(StaffAccount.Operator)) && user.MayAct(municipality);

    public static IReadOnlyList<string> Municipalities(this ClaimsPrincipal user) =>
        user.FindAll(ApiKeyAuthentication.MunicipalityClaim).Select(c => c.Value).Where(c => c != "*").ToList();
}
