using CertOrleans.Contracts.Time;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Kiosk;
using CertOrleans.Staff;
using Microsoft.Playwright;

namespace CertOrleans.Tests.Staff;

/// <summary>The staff console, used as a city's clerk would: sign in with a second factor, stop the service, change hours.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleTests(GatewayFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private string Url(string path) => new Uri(fixture.BaseAddress, path).ToString();

    private Task<IPage> SignInAsync(IBrowserContext context, string user, string? code = null) => ConsoleSignIn.SignInAsync(context, fixture.BaseAddress, user, code);

    [Fact]
    public async Task Signing_in_takes_the_password_and_the_current_code_once_and_is_journaled()
    {
        // A printed and a failed print today, so the overview has something to show.
        var people = await fixture.NewResidentsWithCardsAsync(2);
        await fixture.Kiosk().RunAsync(people[0].Card, TestPki.CardPin, "092011", "juminhyo");
        await fixture.Kiosk().RunAsync(people[1].Card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        await using var context = await chromium.ContextAsync();
        var current = StaffAccounts.CurrentCode(GatewayFixture.Staff["sato"].Account.TotpSecret);
        var wrong = ((int.Parse(current, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var page = await SignInAsync(context, "sato", wrong);
        Assert.Contains("サインインできませんでした", await page.InnerTextAsync("[role=alert]"));

        page = await SignInAsync(context, "sato");
        Assert.Contains("宇都宮市（092011）本日の状況", await page.InnerTextAsync("#municipality"));
        // The hourly chart is an SVG drawn on the server, with a series per outcome.
        var chart = await page.InnerHTMLAsync("#hourly-chart");
        Assert.StartsWith("<svg", chart.TrimStart());
        Assert.Contains("<rect", chart);
        Assert.DoesNotContain("exception", chart, StringComparison.OrdinalIgnoreCase);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.Screenshots, "console-overview.png"), FullPage = true });

        // The same code again, from another browser: refused.
        await using var other = await chromium.ContextAsync();
        var replay = await SignInAsync(other, "sato", current);
        Assert.Contains("サインインできませんでした", await replay.InnerTextAsync("[role=alert]"));

        var bundle = await fixture.BearerClient(GatewayFixture.AdminKey).GetFromJsonAsync<JournalBundle>("admin/v1/municipalities/092011/journal/bundle", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Contains(bundle!.Entries, e => e.Kind == JournalKinds.StaffSignedIn && JournalJson.Read<AdministrativeBody>(e.Body)!.Actor == "staff:sato");
    }

    [Fact]
    public async Task An_hours_change_in_the_console_is_what_the_availability_endpoint_answers_next()
    {
        await using var context = await chromium.ContextAsync();
        var page = await SignInAsync(context, "yamada");
        await page.GotoAsync(Url("console/hours?m=092011"));
        var opens = await page.InputValueAsync("#opens");
        var closes = await page.InputValueAsync("#closes");
        // Hours that leave out the (test clock's) present moment.
        var now = TimeOnly.FromDateTime(fixture.Host.Time.GetUtcNow().InJapan().DateTime);
        var (from, to) = now.Hour <= 20 ? (new TimeOnly(now.Hour + 1, 0), new TimeOnly(23, 0)) : (new TimeOnly(6, 30), new TimeOnly(now.Hour - 1, 0));
        try
        {
            await page.FillAsync("#opens", from.ToString("HH:mm"));
            await page.FillAsync("#closes", to.ToString("HH:mm"));
            await page.ClickAsync("#save-hours");
            Assert.Contains("変更しました", await page.InnerTextAsync("[role=status]"));
            var availability = await fixture.Kiosk().GetAvailabilityAsync("092011");
            Assert.False(availability.Open);
            Assert.Equal("outside-hours", availability.ClosedReason);

            // Outside the national window: refused with the reason, nothing changed.
            await page.FillAsync("#opens", "05:00");
            await page.ClickAsync("#save-hours");
            Assert.Contains("national window", await page.InnerTextAsync("[role=alert]"));
        }
        finally
        {
            await page.GotoAsync(Url("console/hours?m=092011"));
            await page.FillAsync("#opens", opens);
            await page.FillAsync("#closes", closes);
            await page.ClickAsync("#save-hours");
        }
        Assert.True((await fixture.Kiosk().GetAvailabilityAsync("092011")).Open);
    }

    [Fact]
    public async Task Another_citys_staff_cannot_see_this_city_or_change_their_own()
    {
        await using var context = await chromium.ContextAsync();
        var page = await SignInAsync(context, "kimura");
        Assert.Contains("八王子市（132012）", await page.InnerTextAsync("#municipality"));
        Assert.DoesNotContain("092011", await page.InnerTextAsync("body"));

        var response = await page.GotoAsync(Url("console?m=092011"));
        Assert.NotEqual(200, response!.Status);
        Assert.DoesNotContain("宇都宮市", await page.InnerTextAsync("body"));

        await page.GotoAsync(Url("console/switches?m=132012"));
        Assert.Equal(0, await page.Locator("#stop").CountAsync());
        Assert.Contains("閲覧のみ", await page.InnerTextAsync("main"));
    }

    [Fact]
    public async Task Staff_find_a_request_with_its_deletion_statement_and_download_the_reports()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var failed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        await using var context = await chromium.ContextAsync();
        var page = await SignInAsync(context, "ito");

        // Without a purpose nothing is looked up.
        await page.GotoAsync(Url($"console/requests?m=092011&q={failed.Document.CertificateNumber}"));
        Assert.Contains("目的のない照会はできません", await page.InnerTextAsync("#purpose-required"));
        Assert.Equal(0, await page.Locator("#request").CountAsync());

        await page.GotoAsync(Url("console/requests?m=092011"));
        await page.FillAsync("#q", failed.Document.CertificateNumber);
        await page.SelectOptionAsync("#purpose", "incident-response");
        await page.ClickAsync("#find");
        Assert.Contains("印刷失敗", await page.InnerTextAsync("#outcome"));
        var request = await page.InnerTextAsync("#request");
        Assert.Contains(failed.RequestId, request);
        Assert.Contains("発生（未精算）", request);
        var statement = await page.InnerTextAsync("#statement");
        Assert.Contains("document", statement);
        Assert.Contains("own buffers only", statement);

        // The search is in the city's access log, with who made it and why.
        await page.GotoAsync(Url("console/journal?m=092011"));
        var read = page.Locator("#access-log tr.read", new() { HasText = failed.Document.CertificateNumber }).First;
        var row = await read.InnerTextAsync();
        Assert.Contains("staff:ito", row);
        Assert.Contains("障害・事故への対応", row);
        Assert.Contains("request-search", row);

        await page.GotoAsync(Url("console/reports?m=092011"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#settlement-pdf"));
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Contains("精算報告", PdfText.All(pdf));
        download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#council-pdf"));
        Assert.Contains("運用状況報告", PdfText.All(await File.ReadAllBytesAsync((await download.PathAsync())!)));
    }

    [Fact]
    public async Task Offers_scheduled_fees_and_closures_are_previewed_as_the_kiosk_menu_then_saved_and_served()
    {
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        var original = await admin.GetStringAsync("admin/v1/municipalities/092011");
        await using var context = await chromium.ContextAsync();
        var page = await SignInAsync(context, "watanabe");
        try
        {
            await page.GotoAsync(Url("console/offers?m=092011"));
            // A fee scheduled from tomorrow is previewed on its date and not the day before (then left out again).
            var today = DateOnly.FromDateTime(fixture.Host.Time.GetUtcNow().InJapan().DateTime);
            await page.SelectOptionAsync("#feechange-type-0", "juminhyo");
            await page.FillAsync("#feechange-yen-0", "170");
            await page.FillAsync("#feechange-from-0", today.AddDays(1).ToString("yyyy-MM-dd"));
            await page.ClickAsync("#preview");
            Assert.DoesNotContain("170 円", await page.InnerTextAsync("#preview-menu"));
            await page.FillAsync("#preview-date", today.AddDays(1).ToString("yyyy-MM-dd"));
            await page.ClickAsync("#preview");
            Assert.Contains("170 円", await page.InnerTextAsync("#preview-menu"));
            await page.FillAsync("#preview-date", "");
            await page.FillAsync("#feechange-yen-0", "");
            await page.FillAsync("#feechange-from-0", "");
            // 印鑑登録証明書 no longer offered, and a closure around the present moment with its notice.
            await page.FillAsync("#fee-inkan", "");
            var now = fixture.Host.Time.GetUtcNow().InJapan().DateTime;
            await page.FillAsync("#closure-start-0", now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm"));
            await page.FillAsync("#closure-end-0", now.AddHours(1).ToString("yyyy-MM-ddTHH:mm"));
            await page.FillAsync("#closure-notice-0", "システム保守のため休止しています");
            await page.ClickAsync("#preview");
            var preview = await page.InnerTextAsync("#preview-menu");
            Assert.Contains("休止中（maintenance）", preview);
            Assert.DoesNotContain("印鑑登録証明書", preview);
            // Previewed only: the kiosks still see the old menu.
            Assert.Contains(((await fixture.Kiosk().GetAvailabilityAsync("092011")).Offers), o => o.CertificateType == "inkan");

            await page.ClickAsync("#save");
            Assert.Contains("保存しました", await page.InnerTextAsync("[role=status]"));
            var availability = await fixture.Kiosk().GetAvailabilityAsync("092011");
            Assert.False(availability.Open);
            Assert.Equal("maintenance", availability.ClosedReason);
            Assert.DoesNotContain(availability.Offers, o => o.CertificateType == "inkan");

            // A closure that ends before it starts is refused with the reason, and nothing is saved.
            await page.FillAsync("#closure-start-1", now.AddHours(3).ToString("yyyy-MM-ddTHH:mm"));
            await page.FillAsync("#closure-end-1", now.AddHours(2).ToString("yyyy-MM-ddTHH:mm"));
            await page.FillAsync("#closure-notice-1", "誤り");
            await page.ClickAsync("#save");
            Assert.Contains("start before it ends", await page.InnerTextAsync("[role=alert]"));
        }
        finally
        {
            // Put back the original fees on top of the version the console's saves left (a stale copy is refused).
            var back = System.Text.Json.Nodes.JsonNode.Parse(original)!;
            back["version"] = System.Text.Json.Nodes.JsonNode.Parse(await admin.GetStringAsync("admin/v1/municipalities/092011"))!["version"]!.GetValue<long>();
            var restore = await admin.PutAsync("admin/v1/municipalities/092011", new StringContent(back.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.True(restore.IsSuccessStatusCode, await restore.Content.ReadAsStringAsync());
        }
        Assert.True((await fixture.Kiosk().GetAvailabilityAsync("092011")).Open);
    }

    [Fact]
    public async Task A_cluster_operator_names_a_city_rotates_its_key_and_registers_and_suspends_a_terminal()
    {
        await using var context = await chromium.ContextAsync();
        var page = await SignInAsync(context, "nakamura");
        await page.FillAsync("#m", "092011");
        await page.ClickAsync("#choose");
        Assert.Contains("宇都宮市（092011）", await page.InnerTextAsync("#municipality"));

        await page.GotoAsync(Url("console/keys?m=092011"));
        await page.ClickAsync("#rotate-issuing");
        var message = await page.InnerTextAsync("[role=status]");
        var keyId = int.Parse(System.Text.RegularExpressions.Regex.Match(message, "発行署名鍵 (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var published = await fixture.Client(terminalId: null).GetFromJsonAsync<List<JsonElement>>("verify/v1/keys/092011");
        Assert.Equal("active", published!.Single(k => k.GetProperty("keyId").GetInt32() == keyId).GetProperty("status").GetString());

        await page.FillAsync("#terminal-id", "kiosk-console-0001");
        await page.FillAsync("#store-operator", "Console Mart");
        await page.FillAsync("#store-name", "コンソール店");
        await page.ClickAsync("#register-terminal");
        Assert.Contains("登録しました", await page.InnerTextAsync("[role=status]"));
        await page.FillAsync("#terminal-id", "kiosk-console-0001");
        await page.ClickAsync("#suspend-terminal");
        var status = await fixture.Host.Grains.GetGrain<Contracts.Terminals.ITerminalGrain>("kiosk-console-0001").GetStatus();
        Assert.True(status.Known);
        Assert.True(status.Suspended);
        Assert.Equal("Console Mart", status.StoreOperator);
    }
}
