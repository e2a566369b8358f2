using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Residents;
using CertOrleans.Kiosk;
using CertOrleans.Rendering;
using Microsoft.Playwright;

namespace CertOrleans.Tests.Staff;

/// <summary>The console's offers page for the tax certificates: a new type offered and the fiscal years set, previewed, saved and served to kiosks.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TaxOffersConsoleTests(GatewayFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private const string Hachioji = "132012";

    [Fact]
    public async Task A_clerk_offers_the_taxation_certificate_for_three_fiscal_years_and_a_kiosk_prints_a_past_year()
    {
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        var original = await admin.GetStringAsync($"admin/v1/municipalities/{Hachioji}");
        var latest = TaxCertificatePolicy.Default.LatestFiscalYearOn(JapaneseDates.TodayInJapan(fixture.Host.Time));
        await using var context = await chromium.ContextAsync();
        var page = await ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, "hayashi");
        try
        {
            await page.GotoAsync(new Uri(fixture.BaseAddress, $"console/offers?m={Hachioji}").ToString());
            Assert.Equal("1", await page.InputValueAsync("#tax-years"));
            await page.FillAsync("#fee-kazei", "300");
            await page.SelectOptionAsync("#tax-years", "3");
            await page.ClickAsync("#preview");
            var preview = await page.InnerTextAsync("#preview-menu");
            var line = preview.Split('\n').Single(l => l.StartsWith("課税証明書\t", StringComparison.Ordinal));
            Assert.Contains("300 円", line);
            Assert.Contains($"（{latest}・{latest - 1}・{latest - 2}年度）", line);
            // Previewed only: kiosks do not see the type yet.
            Assert.DoesNotContain((await fixture.Kiosk().GetAvailabilityAsync(Hachioji)).Offers, o => o.CertificateType == "kazei");

            // A switch date not every year has is refused with the field named, and nothing is saved.
            await page.FillAsync("#tax-from-month", "2");
            await page.FillAsync("#tax-from-day", "29");
            await page.ClickAsync("#save");
            Assert.Contains("newFiscalYearDay", await page.InnerTextAsync("[role=alert]"));
            await page.FillAsync("#tax-from-day", "1");
            await page.FillAsync("#tax-from-month", "6");
            await page.ClickAsync("#save");
            Assert.Contains("保存しました", await page.InnerTextAsync("[role=status]"));

            var offer = (await fixture.Kiosk().GetAvailabilityAsync(Hachioji)).Offers.Single(o => o.CertificateType == "kazei");
            Assert.Equal(new[] { latest, latest - 1, latest - 2 }, offer.FiscalYears);
            var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = Hachioji } }))[0];
            await fixture.Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).ApplyTax(TestCertificates.Tax(latest - 2));
            var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Hachioji, "kazei", options: new KioskOptions(FiscalYear: latest - 2));
            Assert.Contains($"{JapaneseDates.Year(latest - 2)}度課税証明書", PdfText.All(printed.Document.Pdf));
            Assert.Contains("都民税86,700円", PdfText.All(printed.Document.Pdf));
        }
        finally
        {
            // The city as it was, on top of the version the console's save left (a stale copy is refused).
            var back = System.Text.Json.Nodes.JsonNode.Parse(original)!;
            back["version"] = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync($"admin/v1/municipalities/{Hachioji}"))!["version"]!.GetValue<long>();
            var restore = await admin.PutAsync($"admin/v1/municipalities/{Hachioji}", new StringContent(back.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.True(restore.IsSuccessStatusCode, await restore.Content.ReadAsStringAsync());
        }
        Assert.DoesNotContain((await fixture.Kiosk().GetAvailabilityAsync(Hachioji)).Offers, o => o.CertificateType == "kazei");
    }
}
