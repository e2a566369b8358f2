using CertOrleans.Kiosk;

namespace CertOrleans.Tests.Staff;

/// <summary>八王子市's staff decide a registration for 本籍地 issuance in the console, and the kiosk serves it at once.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DomicileConsoleTests(GatewayFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Staff_match_a_pending_registration_to_a_register_and_the_holder_prints_at_once()
    {
        // 宇都宮市's record writes the 本籍 with a numeral, 八王子市's 戸籍 with a kanji: the automatic policy finds nothing.
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { PermanentDomicile = "東京都八王子市元本郷町3丁目7番地", FamilyRegisterNumber = null }))[0];
        var number = $"c-{resident.Key.ResidentNumber}";
        await TestDomiciles.StoreRegisterAsync(fixture.Host.Grains, resident, "東京都八王子市元本郷町三丁目7番地", number);
        var kiosk = fixture.Kiosk();
        Assert.Equal("pending", (await kiosk.RegisterAsync(card, TestPki.CardPin, "092011")).Domicile!.Status);

        await using var context = await chromium.ContextAsync();
        // Staff with read-only rights see the queue and cannot decide (each account signs in once a code: one account per test).
        var viewer = await ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, "matsumoto");
        await viewer.GotoAsync(new Uri(fixture.BaseAddress, "console/domiciles?m=132012").ToString());
        var row = viewer.Locator($"tr[data-resident='092011-{resident.Key.ResidentNumber}']");
        Assert.Contains(resident.GivenName, await row.InnerTextAsync());
        Assert.Equal(0, await row.Locator("button.approve").CountAsync());
        await context.ClearCookiesAsync();

        var page = await ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, "kobayashi");
        await page.GotoAsync(new Uri(fixture.BaseAddress, "console/domiciles?m=132012").ToString());
        row = page.Locator($"tr[data-resident='092011-{resident.Key.ResidentNumber}']");
        Assert.Contains("東京都八王子市元本郷町3丁目7番地", await row.InnerTextAsync());
        // Approving without naming a register: the lookup finds none under the 本籍 as the residence city wrote it.
        await row.Locator("button.approve").ClickAsync();
        Assert.Contains("該当する戸籍が見つかりません", await page.InnerTextAsync("[role=alert]"));
        row = page.Locator($"tr[data-resident='092011-{resident.Key.ResidentNumber}']");
        await row.Locator("input.register-number").FillAsync(number);
        await row.Locator("button.approve").ClickAsync();
        Assert.Contains("利用登録を承認しました", await page.InnerTextAsync("[role=status]"));
        Assert.Equal(0, await page.Locator($"tr[data-resident='092011-{resident.Key.ResidentNumber}']").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.Screenshots, "console-domiciles.png"), FullPage = true });

        var printed = await kiosk.RunAsync(card, TestPki.CardPin, "092011", "koseki-zenbu", fromDomicile: true);
        Assert.Equal("Printed", printed.Outcome);
        Assert.StartsWith("132012-", printed.Document.CertificateNumber, StringComparison.Ordinal);
    }
}
