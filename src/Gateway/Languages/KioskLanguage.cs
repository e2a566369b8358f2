using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CertOrleans.Gateway.Languages;

/// <summary>The languages the terminal API answers in. Japanese is the default and the fallback.</summary>
public enum KioskLanguage
{
    Japanese,
    English,
    /// <summary>Simplified Chinese (zh-Hans): asked for as zh, zh-Hans, zh-CN, zh-SG ….</summary>
    Chinese,
    Korean,
    Portuguese,
    Spanish,
}

/// <summary>
/// Which language a terminal request is answered in: ASP.NET Core's request localization reads Accept-Language
/// (only that header: no query string or cookie), and the response names the language in Content-Language.
/// </summary>
public static class KioskLanguages
{
    public static IReadOnlyList<KioskLanguage> All { get; } = Enum.GetValues<KioskLanguage>();

    /// <summary>The BCP 47 tag a language is announced with in Content-Language.</summary>
    public static string Tag(this KioskLanguage language) => language switch
    {
        KioskLanguage.Japanese => "ja",
        KioskLanguage.English => "en",
        KioskLanguage.Chinese => "zh-Hans",
        KioskLanguage.Korean => "ko",
        KioskLanguage.Portuguese => "pt",
        KioskLanguage.Spanish => "es",
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };

    /// <summary>The language of a terminal request, or null outside the terminal API (the admin APIs answer in English).</summary>
    public static KioskLanguage? Of(HttpContext context) =>
        context.Features.Get<IRequestCultureFeature>() is { } feature ? Of(feature.RequestCulture.UICulture) : null;

    /// <summary>The language a terminal API answer is in (Japanese unless the kiosk asked for another).</summary>
    public static KioskLanguage AnswerLanguage(this HttpContext context) => Of(context) ?? KioskLanguage.Japanese;

    /// <summary>The language of a supported culture; a bare "zh" (and "zh-Hant", whose parent it is) is answered in Simplified Chinese.</summary>
    public static KioskLanguage Of(CultureInfo culture)
    {
        for (var c = culture; !Equals(c, CultureInfo.InvariantCulture); c = c.Parent)
        {
            switch (c.Name)
            {
                case "ja": return KioskLanguage.Japanese;
                case "en": return KioskLanguage.English;
                case "zh-Hans" or "zh": return KioskLanguage.Chinese;
                case "ko": return KioskLanguage.Korean;
                case "pt": return KioskLanguage.Portuguese;
                case "es": return KioskLanguage.Spanish;
            }
        }
        return KioskLanguage.Japanese;
    }

    /// <summary>
    /// On the terminal API: the UI culture from Accept-Language (regional tags fall back to their language, anything
    /// else to Japanese), and Content-Language on every answer. Formatting culture is left invariant: only words change.
    /// </summary>
    public static IApplicationBuilder UseKioskLanguages(this IApplicationBuilder app)
    {
        var supported = All.Select(l => new CultureInfo(l.Tag())).Append(new CultureInfo("zh")).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, new CultureInfo(KioskLanguage.Japanese.Tag())),
            SupportedCultures = [CultureInfo.InvariantCulture],
            SupportedUICultures = supported,
            FallBackToParentUICultures = true,
            RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()],
        };
        return app.UseWhen(context => context.Request.Path.StartsWithSegments("/terminal"), terminal => terminal
            .UseRequestLocalization(options)
            .Use((context, next) =>
            {
                var tag = Of(context)!.Value.Tag();
                // Set as the answer starts: an error answer clears the headers written before it.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.ContentLanguage = tag;
                    context.Response.Headers.Append("Vary", "Accept-Language");
                    return Task.CompletedTask;
                });
                return next(context);
            }));
    }
}
