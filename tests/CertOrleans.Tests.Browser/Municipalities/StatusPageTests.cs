using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using Microsoft.Playwright;

namespace CertOrleans.Tests.Municipalities;

/// <summary>The public status page, as a resident checks it on a phone before going to the store.</summary>
[Collection(GatewayCollection.Name)]
public sealed class StatusPageTests(GatewayFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Each_city_shows_whether_it_is_open_stopped_or_in_maintenance_with_its_notice()
    {
        var switches = fixture.Host.Grains.GetGrain<IServiceSwitchGrain>(0);
        var before = await switches.Get();
        var hachioji = fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For("132012"));
        var configuration = (await hachioji.Get())!;
        var now = fixture.Host.Time.GetUtcNow();
        await using var context = await chromium.ContextAsync(javaScript: false, phone: true);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync(new Uri(fixture.BaseAddress, "status").ToString());
            Assert.Equal("コンビニ交付 サービス状況", await page.TitleAsync());
            Assert.Contains("ご利用いただけます", await page.InnerTextAsync("tr[data-municipality='092011'] .state"));

            await switches.Set(before with { StoppedMunicipalities = ["092011"], Notice = "システム障害のため停止しています。" }, "test");
            await hachioji.Configure(configuration with
            {
                Maintenance = [new MaintenanceWindow(now.AddMinutes(-1), now.AddHours(2), "住基システム更新中です。"), new MaintenanceWindow(now.AddDays(3), now.AddDays(3).AddHours(3), "定期保守を行います。")],
            }, "test");
            await page.ReloadAsync();
            Assert.Contains("停止中", await page.InnerTextAsync("tr[data-municipality='092011'] .state"));
            Assert.Contains("システム障害のため停止しています。", await page.InnerTextAsync("tr[data-municipality='092011'] .notice"));
            Assert.Contains("メンテナンス中", await page.InnerTextAsync("tr[data-municipality='132012'] .state"));
            Assert.Contains("再開予定", await page.InnerTextAsync("tr[data-municipality='132012'] .state"));
            var notices = await page.InnerTextAsync("tr[data-municipality='132012'] .notice");
            Assert.Contains("住基システム更新中です。", notices);
            Assert.Contains("定期保守を行います。", notices);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.Screenshots, "status.png"), FullPage = true });
        }
        finally
        {
            await switches.Set(before with { Version = (await switches.Get()).Version }, "test");
            var current = (await hachioji.Get())!;
            if (current.Version != configuration.Version) await hachioji.Configure(current with { Maintenance = configuration.Maintenance }, "test");
        }
    }
}
