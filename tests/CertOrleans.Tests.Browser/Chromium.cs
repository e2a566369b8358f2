using Microsoft.Playwright;

namespace CertOrleans.Tests;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright: pages are tested as a person uses them. The gateway's test
/// certificate is not one the browser trusts, so certificate errors are ignored for it. Screenshots go to
/// <c>artifacts/screenshots</c> beside the test binaries.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // Root in a container has no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser profile: a phone-sized window when asked, JavaScript on or off.</summary>
    public Task<IBrowserContext> ContextAsync(bool javaScript = true, bool phone = false) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        IgnoreHTTPSErrors = true,
        JavaScriptEnabled = javaScript,
        ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1100, Height = 900 },
        Locale = "ja-JP",
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}
