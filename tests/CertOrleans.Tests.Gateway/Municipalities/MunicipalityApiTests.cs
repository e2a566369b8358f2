using CertOrleans.Contracts.Time;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Kiosk;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Municipalities;

[Collection(GatewayCollection.Name)]
public sealed class MunicipalityApiTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Admin(string key = GatewayFixture.AdminKey) => fixture.BearerClient(key);

    [Fact]
    public async Task The_admin_api_needs_a_valid_key()
    {
        await TerminalApiTests.AssertProblem(await fixture.Client(terminalId: null).GetAsync("admin/v1/municipalities/092011"), HttpStatusCode.Unauthorized, "admin-key-required");
        await TerminalApiTests.AssertProblem(await Admin("wrong-key").GetAsync("admin/v1/municipalities/092011"), HttpStatusCode.Unauthorized, "admin-key-required");
        // A terminal certificate is no administrator key.
        await TerminalApiTests.AssertProblem(await fixture.Client().GetAsync("admin/v1/municipalities/092011"), HttpStatusCode.Unauthorized, "admin-key-required");
        Assert.Equal(HttpStatusCode.OK, (await Admin().GetAsync("admin/v1/municipalities/092011")).StatusCode);
    }

    [Fact]
    public async Task A_browser_cannot_use_the_admin_api_with_basic_credentials_it_would_send_by_itself()
    {
        HttpClient Basic(string key)
        {
            var http = fixture.Client(terminalId: null);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"operator:{key}")));
            return http;
        }
        // Basic is for the dashboard's pages only; the API that changes things wants the key as a bearer token.
        await TerminalApiTests.AssertProblem(await Basic(GatewayFixture.AdminKey).GetAsync("admin/v1/municipalities/092011"), HttpStatusCode.Unauthorized, "admin-key-required");
        await TerminalApiTests.AssertProblem(await Basic(GatewayFixture.AdminKey).PutAsJsonAsync("admin/v1/switches", new { }), HttpStatusCode.Unauthorized, "admin-key-required");
        Assert.Equal(HttpStatusCode.OK, (await Admin().GetAsync("admin/v1/municipalities/092011")).StatusCode);
    }

    [Fact]
    public async Task A_municipal_administrator_acts_for_their_own_municipality_only()
    {
        var city = fixture.BearerClient(GatewayFixture.CityAdminKey);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync("admin/v1/municipalities/092011")).StatusCode);
        await TerminalApiTests.AssertProblem(await city.GetAsync("admin/v1/municipalities/092045"), HttpStatusCode.Forbidden, "key-out-of-scope");
        await TerminalApiTests.AssertProblem(await city.PostAsync("admin/v1/municipalities/092045/keys/rotate", null), HttpStatusCode.Forbidden, "key-out-of-scope");
        // The stop switches are the cluster operator's.
        await TerminalApiTests.AssertProblem(await city.GetAsync("admin/v1/switches"), HttpStatusCode.Forbidden, "key-out-of-scope");
        Assert.Equal(HttpStatusCode.OK, (await Admin().GetAsync("admin/v1/switches")).StatusCode);
    }

    [Fact]
    public async Task A_fee_change_applies_to_the_next_request_and_an_invalid_configuration_is_refused()
    {
        // A municipality of its own, so other tests keep the seeded fees.
        const string code = "092029"; // 足利市
        var configuration = new MunicipalityConfiguration
        {
            Name = "足利市", Prefecture = "栃木県", MayorTitle = "足利市長", MayorName = "試験　次郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 300 },
        };
        var put = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration, Json);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var version = (await put.Content.ReadFromJsonAsync<MunicipalityConfiguration>(Json))!.Version;

        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = code } }))[0];
        var first = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo");
        Assert.Equal(300, first.Order.Fee);
        Assert.Contains("足利市長", PdfText.All(first.Document.Pdf));

        var raised = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration with { Version = version, Fees = new Dictionary<string, int> { ["juminhyo"] = 250 } }, Json);
        Assert.Equal(version + 1, (await raised.Content.ReadFromJsonAsync<MunicipalityConfiguration>(Json))!.Version);
        var second = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo");
        Assert.Equal(250, second.Order.Fee);

        // 足利市 offers only the 住民票 here: the seal certificate is refused as not offered.
        var notOffered = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "inkan"));
        Assert.Equal("refused-not-offered", notOffered.Code);

        var invalid = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration with { Version = version + 1, Hours = new DailyHours(new TimeOnly(5, 0), new TimeOnly(23, 0)) }, Json);
        await TerminalApiTests.AssertProblem(invalid, HttpStatusCode.UnprocessableEntity, "invalid-configuration");
        var unknownType = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration with { Version = version + 1, Fees = new Dictionary<string, int> { ["kaiseigenkoseki"] = 450 } }, Json);
        await TerminalApiTests.AssertProblem(unknownType, HttpStatusCode.UnprocessableEntity, "invalid-configuration");
        // A mayor's name with a character the certificate fonts lack would stop every issuance of the city: refused.
        var unprintable = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration with { Version = version + 1, MayorName = "𠮷田　一郎" }, Json);
        await TerminalApiTests.AssertProblem(unprintable, HttpStatusCode.UnprocessableEntity, "invalid-configuration");
        Assert.Contains("mayorName", await unprintable.Content.ReadAsStringAsync());
        // A prefecture without its kind (栃木 for 栃木県) could not name the prefectural tax: refused.
        var bare = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration with { Version = version + 1, Prefecture = "栃木" }, Json);
        await TerminalApiTests.AssertProblem(bare, HttpStatusCode.UnprocessableEntity, "invalid-configuration");
        Assert.Contains("prefecture", await bare.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_scheduled_fee_applies_from_its_JST_date_and_not_the_day_before()
    {
        const string code = "092096"; // 真岡市
        var now = fixture.Host.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.InJapan().DateTime);
        var configuration = new MunicipalityConfiguration
        {
            Name = "真岡市", Prefecture = "栃木県", MayorTitle = "真岡市長", MayorName = "試験　四郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 300, ["juminhyo-items"] = 300 },
            // 住民票 reduced from today; the 記載事項証明書 from tomorrow.
            FeeChanges = [new FeeChange("juminhyo", 200, today), new FeeChange("juminhyo-items", 150, today.AddDays(1)), new FeeChange("juminhyo", 250, today.AddDays(1))],
        };
        Assert.Equal(HttpStatusCode.OK, (await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration, Json)).StatusCode);

        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = code } }))[0];
        var result = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo");
        Assert.Equal(200, result.Menu.Offers.Single(o => o.CertificateType == "juminhyo").Fee);
        Assert.Equal(300, result.Menu.Offers.Single(o => o.CertificateType == "juminhyo-items").Fee);
        Assert.Equal(200, result.Order.Fee);
        var items = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo-items");
        Assert.Equal(300, items.Order.Fee);

        // Tomorrow, at this time of day, the kiosk menu carries tomorrow's changes.
        var municipality = fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code));
        var tomorrow = (await municipality.GetMenu(now.AddDays(1)))!.Offers.ToDictionary(o => o.Type, o => o.Fee);
        Assert.Equal((250, 150), (tomorrow["juminhyo"], tomorrow["juminhyo-items"]));
        // The console's preview shows the same, for a chosen date, before it applies.
        var preview = await municipality.PreviewMenu((await municipality.Get())!, today.AddDays(1));
        Assert.Equal(150, preview.Offers.Single(o => o.Type == "juminhyo-items").Fee);
        Assert.Equal(300, (await municipality.PreviewMenu((await municipality.Get())!)).Offers.Single(o => o.Type == "juminhyo-items").Fee);
    }

    [Theory]
    [InlineData("kaiseigenkoseki", 200, 0, "unknown certificate type")]
    [InlineData("koseki-zenbu", 200, 0, "not offered")]
    [InlineData("juminhyo", -1, 0, "between 0 and 10000")]
    [InlineData("juminhyo", 200, 1, "overlap")]
    public async Task A_fee_change_that_cannot_be_charged_is_refused(string type, int yen, int sameDateTwice, string detail)
    {
        const string code = "092096";
        var today = DateOnly.FromDateTime(fixture.Host.Time.GetUtcNow().InJapan().DateTime);
        var municipality = fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code));
        var current = await municipality.Get() ?? new MunicipalityConfiguration
        {
            Name = "真岡市", Prefecture = "栃木県", MayorTitle = "真岡市長", MayorName = "試験　四郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 300 },
        };
        List<FeeChange> changes = [new FeeChange(type, yen, today.AddDays(5))];
        if (sameDateTwice == 1) changes.Add(new FeeChange(type, yen + 10, today.AddDays(5)));
        var refused = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", current with { FeeChanges = changes }, Json);
        await TerminalApiTests.AssertProblem(refused, HttpStatusCode.UnprocessableEntity, "invalid-configuration");
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("feeChanges", body);
        Assert.Contains(detail, body);
    }

    [Fact]
    public async Task During_maintenance_the_card_is_not_read_and_the_kiosk_is_told_when_service_resumes()
    {
        const string code = "092037"; // 栃木市
        var now = fixture.Host.Time.GetUtcNow();
        var resumes = now.AddHours(2);
        var configuration = new MunicipalityConfiguration
        {
            Name = "栃木市", Prefecture = "栃木県", MayorTitle = "栃木市長", MayorName = "試験　三郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 200 },
            Maintenance = [new MaintenanceWindow(now.AddMinutes(-10), resumes, "システム保守")],
        };
        Assert.Equal(HttpStatusCode.OK, (await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration, Json)).StatusCode);

        var kiosk = fixture.Kiosk();
        var availability = await kiosk.GetAvailabilityAsync(code);
        Assert.False(availability.Open);
        Assert.Equal(ClosedReasons.Maintenance, availability.ClosedReason);
        Assert.Equal(resumes, availability.NextOpening);

        // Not even a well-formed certificate is needed to be refused: the card is not read.
        var response = await fixture.Client().PostAsJsonAsync("terminal/v1/requests", new { municipalityCode = code, cardCertificate = "AAAA" });
        await TerminalApiTests.AssertProblem(response, HttpStatusCode.Forbidden, "service-closed");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(resumes, problem.GetProperty("nextOpening").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_card_holder_of_another_municipality_is_refused()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0]; // lives in 092011
        var ex = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092029", "juminhyo"));
        Assert.Contains(ex.Code, new[] { "municipality-mismatch", "municipality-not-served" });
    }
}
