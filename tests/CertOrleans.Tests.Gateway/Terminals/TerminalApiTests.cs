using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Requests;
using CertOrleans.Kiosk;
using CertOrleans.Pki;

namespace CertOrleans.Tests.Terminals;

[Collection(GatewayCollection.Name)]
public sealed class TerminalApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_kiosk_prints_the_residents_own_certificate_end_to_end()
    {
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var kiosk = fixture.Kiosk();

        var result = await kiosk.RunAsync(card, TestPki.CardPin, "092011", "juminhyo");

        Assert.Equal("Printed", result.Outcome);
        Assert.Equal(200, result.Order.Fee);
        Assert.Equal("宇都宮市", result.Menu.MunicipalityName);
        var text = PdfText.All(result.Document.Pdf);
        Assert.Contains("住民票の写し", text);
        Assert.Contains(PdfText.Compact(resident.FullName), text);
        Assert.Contains(PdfText.Compact(resident.Address), text);
        Assert.Contains(result.Document.CertificateNumber, text);
        Assert.Contains("この写しは、住民票の原本と相違ないことを証明する。", text);
        Assert.Contains("宇都宮市長", text);

        var record = await fixture.Host.Journal.FindAsync(result.RequestId);
        Assert.NotNull(record);
        Assert.Equal(RequestOutcome.Printed, record.Outcome);
        Assert.Equal(GatewayFixture.Terminal, record.TerminalId);
        Assert.True(record.StateWiped);

        // After the end, the request is gone for its own terminal too.
        var status = await fixture.Client().GetAsync($"terminal/v1/requests/{result.RequestId}");
        await AssertProblem(status, HttpStatusCode.Gone, ErrorCodes.RequestGone);
    }

    [Fact]
    public async Task A_failed_print_ends_the_request_as_print_failed_with_the_payment_recorded()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var result = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        Assert.Equal("PrintFailed", result.Outcome);
        var record = await fixture.Host.Journal.FindAsync(result.RequestId);
        Assert.Equal(RequestOutcome.PrintFailed, record?.Outcome);
        Assert.True(record?.Paid);
        Assert.Equal("print-failed", record?.FailureCode);
    }

    [Fact]
    public async Task A_bad_signature_is_refused_and_ends_the_request()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var http = fixture.Client();
        var started = await new KioskClient(http).StartAsync("092011", card.Certificate);

        var bad = await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/authentication", new { signature = Convert.ToBase64String(new byte[64]) });
        await AssertProblem(bad, HttpStatusCode.Forbidden, ErrorCodes.SignatureInvalid);

        var after = await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/order", new { certificateType = "juminhyo", copies = 1 });
        await AssertProblem(after, HttpStatusCode.Gone, ErrorCodes.RequestGone);
    }

    [Fact]
    public async Task A_replayed_challenge_answer_is_refused()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var http = fixture.Client();
        var started = await new KioskClient(http).StartAsync("092011", card.Certificate);
        var signature = card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge)));
        var body = new { signature = Convert.ToBase64String(signature) };

        var first = await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/authentication", body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var replay = await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/authentication", body);
        await AssertProblem(replay, HttpStatusCode.Conflict, ErrorCodes.ChallengeUsed);
    }

    [Fact]
    public async Task An_expired_challenge_is_refused()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var http = fixture.Client();
        var started = await new KioskClient(http).StartAsync("092011", card.Certificate);
        var signature = card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge)));

        // Past the 2-minute challenge lifetime: refused, whether the answer or the request's reaper comes first.
        fixture.Host.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var late = await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/authentication", new { signature = Convert.ToBase64String(signature) });
        var record = await fixture.Host.Journal.FindAsync(started.RequestId);
        if (late.StatusCode == HttpStatusCode.Gone)
        {
            await AssertProblem(late, HttpStatusCode.Gone, ErrorCodes.RequestGone);
            Assert.Equal((RequestOutcome.Expired, ErrorCodes.ChallengeExpired), (record!.Outcome, record.FailureCode));
        }
        else
        {
            await AssertProblem(late, HttpStatusCode.Forbidden, ErrorCodes.ChallengeExpired);
            Assert.Equal(RequestOutcome.AuthenticationFailed, record?.Outcome);
        }
    }

    [Fact]
    public async Task A_revoked_card_is_refused()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Revoke("test");
        var response = await fixture.Client().PostAsJsonAsync("terminal/v1/requests", new { municipalityCode = "092011", cardCertificate = Convert.ToBase64String(card.Certificate.RawData) });
        await AssertProblem(response, HttpStatusCode.Forbidden, ErrorCodes.CardRevoked);
    }

    [Fact]
    public async Task A_card_from_another_authority_is_refused()
    {
        using var foreignCa = CertificateAuthority.Create("Foreign Card CA");
        var foreign = fixture.Pki.IssueCard(ca: foreignCa);
        var response = await fixture.Client().PostAsJsonAsync("terminal/v1/requests", new { municipalityCode = "092011", cardCertificate = Convert.ToBase64String(foreign.Certificate.RawData) });
        await AssertProblem(response, HttpStatusCode.Forbidden, "card-certificate-untrusted");
    }

    [Fact]
    public async Task A_card_that_is_not_registered_is_refused()
    {
        var unlinked = fixture.Pki.IssueCard();
        var response = await fixture.Client().PostAsJsonAsync("terminal/v1/requests", new { municipalityCode = "092011", cardCertificate = Convert.ToBase64String(unlinked.Certificate.RawData) });
        await AssertProblem(response, HttpStatusCode.Forbidden, ErrorCodes.CardUnknown);
    }

    [Fact]
    public async Task Another_terminal_cannot_touch_the_request()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var started = await fixture.Kiosk().StartAsync("092011", card.Certificate);
        var intruder = fixture.Client(GatewayFixture.OtherTerminal);

        // The id was issued to the first terminal: for any other it is no request at all (refused at the gateway; the
        // grain refuses another terminal too, see IssuanceRequestGrainTests).
        await AssertProblem(await intruder.GetAsync($"terminal/v1/requests/{started.RequestId}"), HttpStatusCode.NotFound, "request-unknown");
        await AssertProblem(await intruder.GetAsync($"terminal/v1/requests/{started.RequestId}/document"), HttpStatusCode.NotFound, "request-unknown");
        await AssertProblem(await intruder.DeleteAsync($"terminal/v1/requests/{started.RequestId}"), HttpStatusCode.NotFound, "request-unknown");

        // The request is untouched for its own terminal.
        var own = await fixture.Client().GetFromJsonAsync<JsonElement>($"terminal/v1/requests/{started.RequestId}");
        Assert.Equal("Started", own.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Steps_out_of_order_are_conflicts()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var http = fixture.Client();
        var started = await new KioskClient(http).StartAsync("092011", card.Certificate);
        await AssertProblem(await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/payment", new { amount = 200, paymentReference = "cash" }), HttpStatusCode.Conflict, ErrorCodes.StepOutOfOrder);
        await AssertProblem(await http.GetAsync($"terminal/v1/requests/{started.RequestId}/document"), HttpStatusCode.Conflict, ErrorCodes.StepOutOfOrder);
        await AssertProblem(await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/print-confirmation", new { printed = true, certificateNumber = "x" }), HttpStatusCode.Conflict, ErrorCodes.StepOutOfOrder);
    }

    [Theory]
    [InlineData("{\"cardCertificate\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"cardCertificate\": 42}")]
    [InlineData("{}")]
    [InlineData("{\"municipalityCode\": \"092011\", \"cardCertificate\": \"AAAA\", \"myNumber\": \"123456789012\"}")]
    public async Task Malformed_json_is_a_clear_bad_request(string json)
    {
        var response = await fixture.Client().PostAsync("terminal/v1/requests", new StringContent(json, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task Wrong_media_type_oversized_body_unknown_route_and_wrong_method_are_problems_too()
    {
        var http = fixture.Client();
        await AssertProblem(await http.PostAsync("terminal/v1/requests", new StringContent("{}", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        var huge = "{\"municipalityCode\": \"092011\", \"cardCertificate\": \"" + new string('A', 100_000) + "\"}";
        // As a kiosk should send a large body: the server's 413 arrives before the body is sent, instead of racing it
        // (without Expect, the gateway may close the connection while the client still writes: a broken pipe, not the answer).
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "terminal/v1/requests") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        oversized.Headers.ExpectContinue = true;
        await AssertProblem(await http.SendAsync(oversized), HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        await AssertProblem(await http.GetAsync("terminal/v1/nothing-here"), HttpStatusCode.NotFound, "not-found");
        await AssertProblem(await http.PutAsync("terminal/v1/requests", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task A_certificate_that_is_not_base64_or_not_a_certificate_is_refused()
    {
        var http = fixture.Client();
        await AssertProblem(await http.PostAsJsonAsync("terminal/v1/requests", new { municipalityCode = "092011", cardCertificate = "!!!" }), HttpStatusCode.BadRequest, "invalid-field");
        await AssertProblem(await http.PostAsJsonAsync("terminal/v1/requests", new { municipalityCode = "092011", cardCertificate = Convert.ToBase64String(new byte[] { 1, 2, 3 }) }), HttpStatusCode.BadRequest, ErrorCodes.CardCertificateInvalid);
        await AssertProblem(await http.GetAsync("terminal/v1/requests/not-an-id"), HttpStatusCode.BadRequest, "request-id-malformed");
    }

    [Fact]
    public async Task Unknown_suspended_foreign_and_missing_terminal_certificates_are_refused()
    {
        var body = new { municipalityCode = "092011", cardCertificate = "AAAA" };
        await AssertProblem(await fixture.Client(GatewayFixture.UnregisteredTerminal).PostAsJsonAsync("terminal/v1/requests", body), HttpStatusCode.Forbidden, "terminal-unknown");
        await AssertProblem(await fixture.Client(GatewayFixture.SuspendedTerminal).PostAsJsonAsync("terminal/v1/requests", body), HttpStatusCode.Forbidden, "terminal-suspended");
        using var rogueCa = CertificateAuthority.Create("Rogue Terminal CA");
        await AssertProblem(await fixture.Client(GatewayFixture.Terminal, rogueCa).PostAsJsonAsync("terminal/v1/requests", body), HttpStatusCode.Unauthorized, "terminal-certificate-invalid");
        await AssertProblem(await fixture.Client(terminalId: null).PostAsJsonAsync("terminal/v1/requests", body), HttpStatusCode.Unauthorized, "terminal-certificate-required");
    }

    [Fact]
    public async Task A_terminal_suspended_while_connected_is_refused_on_its_next_request()
    {
        // The certificate's validation is cached; the terminal's registration is not.
        const string terminal = "kiosk-test-0777";
        var terminals = fixture.Host.Grains.GetGrain<Contracts.Terminals.ITerminalGrain>(terminal);
        await terminals.Register(new Contracts.Terminals.TerminalRegistration("Test Mart", "テストマート中央店"), "test");
        var http = fixture.Client(terminal);
        Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync("terminal/v1/ping")).StatusCode);

        await terminals.Suspend("test");
        await AssertProblem(await http.GetAsync("terminal/v1/ping"), HttpStatusCode.Forbidden, "terminal-suspended");
    }

    [Fact]
    public async Task Health_and_openapi_answer_without_a_terminal_certificate()
    {
        var http = fixture.Client(terminalId: null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("health/ready")).StatusCode);
        var openApi = await http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/terminal/v1/requests", out _));
        Assert.True(paths.TryGetProperty("/terminal/v1/requests/{requestId}/document", out _));
    }

    [Fact]
    public async Task Step_latency_and_outcomes_are_exported_for_prometheus_without_personal_data()
    {
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");
        // The exporter collects on an interval; ask until the flow's steps are in.
        string metrics = "";
        for (var i = 0; i < 30 && !metrics.Contains("step=\"GetDocument\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            metrics = await fixture.Client(terminalId: null).GetStringAsync("metrics");
        }
        Assert.Contains("certorleans_terminal_step_duration", metrics);
        Assert.Contains("step=\"GetDocument\"", metrics);
        Assert.Contains("certorleans_requests_ended", metrics);
        Assert.Contains("outcome=\"Printed\"", metrics);
        Assert.DoesNotContain(resident.FamilyName, metrics);
        Assert.DoesNotContain(resident.Key.ResidentNumber, metrics);
    }

    [Fact]
    public async Task A_refusal_is_a_problem_with_its_code_and_the_request_goes_on()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { DateOfBirth = new DateOnly(2015, 6, 1) }))[0];
        var kiosk = fixture.Kiosk();
        var ex = await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.RunAsync(card, TestPki.CardPin, "092011", "juminhyo"));
        Assert.Equal("refused-under-15", ex.Code);
        Assert.Equal(403, ex.Status);
    }

    [Fact]
    public async Task A_resident_under_support_measures_is_refused_without_the_reason_leaving_the_server()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { UnderSupportMeasures = true }))[0];
        var http = fixture.Client();
        var kiosk = new KioskClient(http);
        var started = await kiosk.StartAsync("092011", card.Certificate);
        await kiosk.AuthenticateAsync(started.RequestId, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge))));

        var response = await http.PostAsJsonAsync($"terminal/v1/requests/{started.RequestId}/order", new { certificateType = "juminhyo", copies = 1 });
        var body = await response.Content.ReadAsStringAsync();
        await AssertProblem(response, HttpStatusCode.Forbidden, "refused-contact-office");
        Assert.DoesNotContain("support", body, StringComparison.OrdinalIgnoreCase);

        await kiosk.CancelAsync(started.RequestId);
        var record = await fixture.Host.Journal.FindAsync(started.RequestId);
        Assert.Equal(["refused-support-measures"], record?.Refusals);
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.EndsWith(code, problem.GetProperty("type").GetString());
    }
}
