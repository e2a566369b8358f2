using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Residents;

[Collection(GatewayCollection.Name)]
public sealed class RegistryApiTests(GatewayFixture fixture)
{
    private HttpClient Registry(string key = GatewayFixture.RegistryKey) => fixture.BearerClient(key);

    private static StringContent Line(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!;
    }

    [Fact]
    public async Task The_feed_needs_a_registry_key()
    {
        var line = Line(ResidentFile.ToJson(TestResidents.Make(1, "51")));
        await TerminalApiTests.AssertProblem(await fixture.Client(terminalId: null).PutAsync("registry/v1/residents", line), HttpStatusCode.Unauthorized, "registry-key-required");
        await TerminalApiTests.AssertProblem(await Registry(GatewayFixture.AdminKey).PutAsync("registry/v1/residents", line), HttpStatusCode.Unauthorized, "registry-key-required");
    }

    [Fact]
    public async Task A_city_registry_key_writes_its_own_municipality_only()
    {
        var own = TestResidents.Make(8, "55");
        var other = own with { Key = new ResidentKey("092045", "55000099") };
        var city = Registry(GatewayFixture.CityRegistryKey);
        Assert.Equal("applied", await OutcomeAsync(await city.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(own)))));
        await TerminalApiTests.AssertProblem(await city.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(other))), HttpStatusCode.Forbidden, "key-out-of-scope");
        Assert.False(await fixture.Host.Grains.GetGrain<IResidentGrain>(other.Key.GrainKey).Exists());

        var batch = await city.PostAsync("registry/v1/batches/residents", new StringContent(
            string.Join('\n', ResidentFile.ToJson(own with { SourceVersion = 2, Address = "栃木県宇都宮市本町9番9号" }), ResidentFile.ToJson(other)), Encoding.UTF8, "application/x-ndjson"));
        var lines = (await batch.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("\"line\":1", StringComparison.Ordinal) && l.Contains("applied", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"line\":2", StringComparison.Ordinal) && l.Contains("092045", StringComparison.Ordinal) && l.Contains("rejected", StringComparison.Ordinal));
        Assert.False(await fixture.Host.Grains.GetGrain<IResidentGrain>(other.Key.GrainKey).Exists());
    }

    [Fact]
    public async Task One_record_at_a_time_is_idempotent_and_out_of_order_safe()
    {
        var v1 = TestResidents.Make(2, "51");
        var v2 = v1 with { SourceVersion = 2, Address = "栃木県宇都宮市本町3番3号" };
        var http = Registry();
        Assert.Equal("applied", await OutcomeAsync(await http.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(v1)))));
        Assert.Equal("duplicate", await OutcomeAsync(await http.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(v1)))));
        Assert.Equal("applied", await OutcomeAsync(await http.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(v2)))));
        Assert.Equal("stale", await OutcomeAsync(await http.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(v1)))));
        var stored = await fixture.Host.Grains.GetGrain<IResidentGrain>(v1.Key.GrainKey).Prepare(Contracts.Certificates.CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26));
        Assert.Equal(v2.Address, stored.Data!.Address);

        var extra = ResidentFile.ToJson(v1).Replace("}", ",\"residentCode\":\"12345678901\"}", StringComparison.Ordinal);
        var rejected = await http.PutAsync("registry/v1/residents", Line(extra));
        await TerminalApiTests.AssertProblem(rejected, HttpStatusCode.UnprocessableEntity, "record-rejected");
        var withMyNumber = await http.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(TestResidents.Make(3, "51") with { MyNumber = "123456789018" })));
        await TerminalApiTests.AssertProblem(withMyNumber, HttpStatusCode.UnprocessableEntity, "field-not-accepted");
    }

    [Theory]
    [InlineData(1, "householdNumber", "{0}")]
    [InlineData(2, "householdNumber", "../../etc")]
    [InlineData(3, "householdNumber", "1'; DROP TABLE grain_state; --")]
    [InlineData(4, "householdNumber", "\u0000")]
    [InlineData(5, "familyRegisterNumber", "0123456789012345678901")]
    public async Task A_record_with_a_malformed_identifier_is_rejected_with_422_and_the_field_named(int resident, string field, string value)
    {
        var person = TestResidents.Make(resident, "53") with { HouseholdNumber = $"H{resident}", FamilyRegisterNumber = null };
        var json = System.Text.Json.Nodes.JsonNode.Parse(ResidentFile.ToJson(person))!.AsObject();
        json[field] = value;
        var response = await Registry().PutAsync("registry/v1/residents", Line(json.ToJsonString()));
        await TerminalApiTests.AssertProblem(response, (HttpStatusCode)422, "record-rejected");
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Nothing was stored, and the same person with a good identifier is applied (not "duplicate").
        Assert.Equal("applied", await OutcomeAsync(await Registry().PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(person)))));
    }

    [Fact]
    public async Task A_batch_with_a_malformed_identifier_rejects_that_line_and_goes_on_to_its_summary()
    {
        var people = Enumerable.Range(0, 5).Select(i => TestResidents.Make(20 + i, "54") with { HouseholdNumber = $"H{i}" }).ToList();
        var lines = people.Select(p => ResidentFile.ToJson(p)).ToList();
        lines[2] = lines[2].Replace("\"householdNumber\":\"H2\"", "\"householdNumber\":\"H{2}\"", StringComparison.Ordinal);
        var batch = await PostBatchAsync(lines);
        Assert.Equal(4, batch.Summary.GetProperty("applied").GetInt32());
        Assert.Equal([3], batch.Outcomes.Where(o => o.Outcome == "rejected").Select(o => o.Line));
    }

    [Fact]
    public async Task A_batch_reports_every_record_and_a_rerun_after_interruption_ends_in_the_same_state()
    {
        var people = Enumerable.Range(0, 60).Select(i => TestResidents.Make(10 + i, "52")).ToList();
        var lines = people.Select(p => ResidentFile.ToJson(p)).ToList();
        lines.Insert(10, "{broken");
        lines.Insert(30, ResidentFile.ToJson(TestResidents.Make(5, "52")).Replace("\"sex\":\"male\"", "\"sex\":\"?\"").Replace("\"sex\":\"female\"", "\"sex\":\"?\""));

        // Interrupted: only the first half arrived.
        var first = await PostBatchAsync(lines.Take(31));
        Assert.Equal(29, first.Summary.GetProperty("applied").GetInt32());
        // The whole batch again: what was applied is a duplicate, the rest is applied, the bad lines are rejected again.
        var rerun = await PostBatchAsync(lines);
        Assert.Equal(62, rerun.Outcomes.Count);
        Assert.Equal(29, rerun.Summary.GetProperty("duplicate").GetInt32());
        Assert.Equal(31, rerun.Summary.GetProperty("applied").GetInt32());
        Assert.Equal(2, rerun.Summary.GetProperty("rejected").GetInt32());
        Assert.Equal([11, 31], rerun.Outcomes.Where(o => o.Outcome == "rejected").Select(o => o.Line).Order());
        Assert.All(rerun.Outcomes.Where(o => o.Outcome == "rejected"), o => Assert.False(string.IsNullOrEmpty(o.Reason)));

        foreach (var person in people)
        {
            var stored = await fixture.Host.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey).Prepare(Contracts.Certificates.CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26));
            Assert.Equal(person, stored.Data);
        }
    }

    [Fact]
    public async Task A_death_acknowledged_by_the_feed_stops_every_issuance_that_starts_after_it()
    {
        const int people = 30;
        var residents = await fixture.NewResidentsWithCardsAsync(people);
        var http = Registry();
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(residents.Select(async (person, i) =>
        {
            var kiosk = fixture.Kiosk();
            var started = await kiosk.StartAsync("092011", person.Card.Certificate);
            await kiosk.AuthenticateAsync(started.RequestId, person.Card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge))));
            var order = await kiosk.OrderAsync(started.RequestId, "juminhyo", 1);
            await kiosk.PayAsync(started.RequestId, order.Fee, "cash");

            var sync = Task.Run(async () =>
            {
                var response = await http.PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(person.Resident with { SourceVersion = 2, Status = ResidencyStatus.Deceased })));
                response.EnsureSuccessStatusCode();
                return clock.Elapsed;
            });
            // Half the kiosks ask for the document right away (racing the feed), half only after the acknowledgement.
            if (i % 2 == 1) await sync;
            var asked = clock.Elapsed;
            bool issued;
            try
            {
                await kiosk.GetDocumentAsync(started.RequestId);
                issued = true;
            }
            catch (KioskProblemException ex) when (ex.Code == "certificate-refused")
            {
                issued = false;
            }
            return (Acknowledged: await sync, Asked: asked, Issued: issued);
        }));

        // The only acceptable count: no document asked for after the death was acknowledged was issued.
        Assert.DoesNotContain(results, r => r.Issued && r.Asked > r.Acknowledged);
        Assert.True(results.Count(r => r.Asked > r.Acknowledged) >= people / 2);
    }

    [Fact]
    public async Task An_initial_batch_bulk_loads_new_residents_and_leaves_existing_ones_to_their_grains()
    {
        var people = Enumerable.Range(0, 20).Select(i => TestResidents.Make(100 + i, "53")).ToList();
        var lines = people.Select(p => ResidentFile.ToJson(p)).ToList();
        var first = await PostBatchAsync(lines.Take(5), initial: true);
        Assert.Equal(5, first.Summary.GetProperty("applied").GetInt32());
        var second = await PostBatchAsync(lines, initial: true);
        Assert.Equal(15, second.Summary.GetProperty("applied").GetInt32());
        Assert.Equal(5, second.Summary.GetProperty("duplicate").GetInt32());
        var stored = await fixture.Host.Grains.GetGrain<IResidentGrain>(people[19].Key.GrainKey).Prepare(Contracts.Certificates.CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26));
        Assert.Equal(people[19], stored.Data);
    }

    private async Task<(List<RecordOutcome> Outcomes, JsonElement Summary)> PostBatchAsync(IEnumerable<string> lines, bool initial = false)
    {
        var response = await Registry().PostAsync($"registry/v1/batches/residents{(initial ? "?initial=true" : "")}", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var outcomes = body[..^1].Select(l => JsonSerializer.Deserialize<RecordOutcome>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
        return (outcomes, JsonDocument.Parse(body[^1]).RootElement.GetProperty("summary"));
    }
}
