using System.Net;
using System.Net.Http.Json;
using CertOrleans.Contracts.Requests;
using CertOrleans.Kiosk;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Requests;

/// <summary>Fair admission at the gateway: unknown ids refused without a grain, per-caller limits, new work shed first.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AdmissionTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Unknown_request_ids_are_refused_at_the_gateway_and_activate_no_grain()
    {
        var http = fixture.Client();
        var ids = Enumerable.Range(0, 300).Select(_ => "q-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))).ToList();
        foreach (var id in ids)
            await TerminalApiTests.AssertProblem(await http.GetAsync($"terminal/v1/requests/{id}"), HttpStatusCode.NotFound, "request-unknown");
        await TerminalApiTests.AssertProblem(await http.DeleteAsync("terminal/v1/requests/q-123"), HttpStatusCode.BadRequest, "request-id-malformed");

        Assert.DoesNotContain(ids, id => fixture.Host.Cluster.TryGetGrainContext(
            fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id).GetGrainId(), out _));
    }

    [Fact]
    public async Task Each_terminal_has_its_own_token_bucket()
    {
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway:RateLimits:TerminalBurst"] = "5",
            ["Gateway:RateLimits:TerminalPermitsPerSecond"] = "1",
        });
        await using var _ = gateway;
        var busy = fixture.Client(gateway: address);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) statuses.Add((await busy.GetAsync("terminal/v1/ping")).StatusCode);

        Assert.True(statuses.Count(s => s == HttpStatusCode.NoContent) is >= 5 and <= 6, string.Join(',', statuses));
        var refused = await busy.GetAsync("terminal/v1/ping");
        await AssertRetryLater(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        // Another terminal is untouched by the first one's burst.
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client(GatewayFixture.OtherTerminal, gateway: address).GetAsync("terminal/v1/ping")).StatusCode);
    }

    [Fact]
    public async Task Each_registry_or_administrator_key_has_its_own_allowance()
    {
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string>
        {
            ["Gateway:RateLimits:CredentialBurst"] = "3",
            ["Gateway:RateLimits:CredentialPermitsPerSecond"] = "1",
        });
        await using var _ = gateway;
        var admin = fixture.BearerClient(GatewayFixture.AdminKey, address);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("admin/v1/switches")).StatusCode);
        await AssertRetryLater(await admin.GetAsync("admin/v1/switches"), HttpStatusCode.TooManyRequests, "rate-limited");

        var registry = fixture.BearerClient(GatewayFixture.RegistryKey, address);
        var line = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await registry.PutAsync("registry/v1/residents", line)).StatusCode);
    }

    [Fact]
    public async Task When_saturated_new_starts_are_shed_while_admitted_flows_finish()
    {
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:Admission:MaxActiveFlows"] = "2" });
        await using var _ = gateway;
        var people = await fixture.NewResidentsWithCardsAsync(4);
        var kiosk = new KioskClient(fixture.Client(gateway: address));
        var first = await kiosk.StartAsync("092011", people[0].Card.Certificate);
        var second = await kiosk.StartAsync("092011", people[1].Card.Certificate);

        var shed = await fixture.Client(gateway: address).PostAsJsonAsync("terminal/v1/requests",
            new { municipalityCode = "092011", cardCertificate = Convert.ToBase64String(people[2].Card.Certificate.RawData) });
        await AssertRetryLater(shed, HttpStatusCode.ServiceUnavailable, "overloaded");

        // The admitted flows go on to the end, paid and printed; then there is room again.
        foreach (var (started, card) in new[] { (first, people[0].Card), (second, people[1].Card) })
        {
            await kiosk.AuthenticateAsync(started.RequestId, card.Sign(TestPki.CardPin, CertOrleans.Pki.CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge))));
            var order = await kiosk.OrderAsync(started.RequestId, "juminhyo", 1);
            await kiosk.PayAsync(started.RequestId, order.Fee, $"cash-{Guid.NewGuid():N}");
            var document = await kiosk.GetDocumentAsync(started.RequestId);
            Assert.Equal("Printed", await kiosk.ConfirmPrintAsync(started.RequestId, true, document.CertificateNumber));
        }
        var later = await kiosk.StartAsync("092011", people[3].Card.Certificate);
        Assert.Equal("Cancelled", await kiosk.CancelAsync(later.RequestId));
    }

    [Fact]
    public async Task A_city_in_a_rush_cannot_take_another_citys_share()
    {
        var (gateway, address) = await fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:Admission:MaxActiveFlows"] = "4" });
        await using var _ = gateway;
        var people = await fixture.NewResidentsWithCardsAsync(7);
        var http = fixture.Client(gateway: address);
        Task<HttpResponseMessage> Start(string municipality, int person) => http.PostAsJsonAsync("terminal/v1/requests",
            new { municipalityCode = municipality, cardCertificate = Convert.ToBase64String(people[person].Card.Certificate.RawData) });

        // 宇都宮市 fills the gateway; 八王子市 still gets its half, and 宇都宮市 no more.
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Created, (await Start("092011", i)).StatusCode);
        await AssertRetryLater(await Start("092011", 4), HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Equal(HttpStatusCode.Created, (await Start("132012", 5)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Start("132012", 6)).StatusCode);
        await AssertRetryLater(await Start("092011", 4), HttpStatusCode.ServiceUnavailable, "overloaded");
    }

    [Fact]
    public async Task The_authentication_answer_which_names_the_household_is_never_cached()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var http = fixture.Client();
        var started = await new KioskClient(http).StartAsync("092011", card.Certificate);
        var signature = card.Sign(TestPki.CardPin, CertOrleans.Pki.CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge)));
        var answer = await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/authentication", new { signature = Convert.ToBase64String(signature) });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore);
        await http.DeleteAsync($"terminal/v1/requests/{started.RequestId}");
    }

    private static async Task AssertRetryLater(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After missing on {code}");
        await TerminalApiTests.AssertProblem(response, status, code);
    }
}
