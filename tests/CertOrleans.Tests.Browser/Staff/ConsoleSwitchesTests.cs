using CertOrleans.Kiosk;
using Microsoft.Playwright;

namespace CertOrleans.Tests.Staff;

/// <summary>The stop switches in the staff console: a clerk stops and resumes the service, one city at a time.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleSwitchesTests(GatewayFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private string Url(string path) => new Uri(fixture.BaseAddress, path).ToString();

    private Task<IPage> SignInAsync(IBrowserContext context, string user, string? code = null) => ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, user, code);

    [Fact]
    public async Task A_switch_set_in_the_console_refuses_the_next_kiosk_and_resuming_serves_it_again()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        await using var context = await chromium.ContextAsync();
        var page = await SignInAsync(context, "tanaka");
        await page.GotoAsync(Url("console/switches?m=092011"));
        Assert.Equal("運用中", await page.InnerTextAsync("#switch-state"));
        await page.FillAsync("#reason", "システム障害のため");
        await page.ClickAsync("#stop");
        try
        {
            Assert.Equal("停止中", await page.InnerTextAsync("#switch-state"));
            var refused = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo"));
            Assert.Equal("service-stopped", refused.Code);
        }
        finally
        {
            await page.FillAsync("#reason", "復旧");
            await page.ClickAsync("#resume");
        }
        Assert.Equal("運用中", await page.InnerTextAsync("#switch-state"));
        Assert.Equal("Printed", (await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo")).Outcome);
    }

    [Fact]
    public async Task Each_city_stops_only_itself_with_its_own_notice_and_a_page_read_before_another_change_is_refused()
    {
        await using var utsunomiya = await chromium.ContextAsync();
        await using var hachioji = await chromium.ContextAsync();
        var suzuki = await SignInAsync(utsunomiya, "suzuki");
        await suzuki.GotoAsync(Url("console/switches?m=092011"));
        var takahashi = await SignInAsync(hachioji, "takahashi");
        await takahashi.GotoAsync(Url("console/switches?m=132012"));
        try
        {
            // 八王子市 stops while 宇都宮市's page is open: the page's copy is stale and must not undo it.
            await takahashi.FillAsync("#reason", "八王子市の住基システム障害のため");
            await takahashi.ClickAsync("#stop");
            Assert.Equal("停止中", await takahashi.InnerTextAsync("#switch-state"));
            await suzuki.FillAsync("#reason", "宇都宮市の庁舎停電のため");
            await suzuki.ClickAsync("#stop");
            Assert.Contains("変更されました", await suzuki.InnerTextAsync("[role=alert]"));
            Assert.Equal("運用中", await suzuki.InnerTextAsync("#switch-state"));
            await suzuki.FillAsync("#reason", "宇都宮市の庁舎停電のため");
            await suzuki.ClickAsync("#stop");
            Assert.Equal("停止中", await suzuki.InnerTextAsync("#switch-state"));

            // Each city's kiosks and status row show that city's own reason, never the other's.
            Assert.Equal("宇都宮市の庁舎停電のため", (await fixture.Kiosk().GetAvailabilityAsync("092011")).Notice);
            Assert.Equal("八王子市の住基システム障害のため", (await fixture.Kiosk().GetAvailabilityAsync("132012")).Notice);
            var status = await utsunomiya.NewPageAsync();
            await status.GotoAsync(Url("status"));
            Assert.Contains("宇都宮市の庁舎停電のため", await status.InnerTextAsync("tr[data-municipality='092011'] .notice"));
            Assert.DoesNotContain("宇都宮市", await status.InnerTextAsync("tr[data-municipality='132012'] .notice"));
            Assert.Contains("八王子市の住基システム障害のため", await status.InnerTextAsync("tr[data-municipality='132012'] .notice"));

            // 宇都宮市's administrator cannot switch 八王子市, even by posting the form by hand.
            var other = await suzuki.GotoAsync(Url("console/switches?m=132012"));
            Assert.NotEqual(200, other!.Status);
        }
        finally
        {
            var switches = fixture.Host.Grains.GetGrain<Contracts.Operations.IServiceSwitchGrain>(0);
            foreach (var city in new[] { "092011", "132012" })
                await switches.SetMunicipality(city, false, "復旧", (await switches.Get()).Version, "test");
        }
        Assert.True((await fixture.Kiosk().GetAvailabilityAsync("132012")).Open);
    }
}
