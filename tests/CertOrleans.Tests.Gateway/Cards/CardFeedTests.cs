using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CertOrleans.Pki;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Cards;

/// <summary>
/// Card issue, reissue and return arrive from the city's registry, versioned per card like resident records: the
/// card works from its issue, a reissued card's predecessor is refused, a returned card is refused, and a city acts
/// on its own residents' cards only.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CardFeedTests(GatewayFixture fixture)
{
    private static int next;

    private HttpClient Registry(string key = GatewayFixture.CityRegistryKey) => fixture.BearerClient(key);

    private static StringContent Line(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Event(ResidentKey holder, SoftwareCard card, string kind, long version, SoftwareCard? replaces = null) =>
        CardEventFile.ToJson(new CardEventEntry(card.Certificate.SerialNumber, new CardEvent(
            Enum.Parse<CardEventKind>(kind, ignoreCase: true), holder, version, replaces?.Certificate.SerialNumber)));

    /// <summary>A resident fed through the registry (the city's key), with no card yet.</summary>
    private async Task<ResidentRecord> FedResidentAsync(string city = "092011", string key = GatewayFixture.CityRegistryKey)
    {
        var resident = TestResidents.Make(Interlocked.Increment(ref next), "64");
        resident = resident with { Key = resident.Key with { MunicipalityCode = city } };
        Assert.Equal("applied", await OutcomeAsync(await Registry(key).PutAsync("registry/v1/residents", Line(ResidentFile.ToJson(resident)))));
        return resident;
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!;
    }

    private Task<HttpResponseMessage> PutAsync(string line, string key = GatewayFixture.CityRegistryKey) => Registry(key).PutAsync("registry/v1/cards", Line(line));

    [Fact]
    public async Task A_reissued_card_works_and_the_card_it_replaces_is_refused_with_no_admin_call()
    {
        var resident = await FedResidentAsync();
        var (first, second) = (fixture.Pki.IssueCard(), fixture.Pki.IssueCard());

        Assert.Equal("applied", await OutcomeAsync(await PutAsync(Event(resident.Key, first, "issued", 1))));
        await CardStatusTests.PrintsVerifiedAsync(fixture, first);

        // Reported lost and reissued at the city office: the registry sends the reissue, the service is told nothing else.
        var reissue = Event(resident.Key, second, "reissued", 2, replaces: first);
        Assert.Equal("applied", await OutcomeAsync(await PutAsync(reissue)));
        await CardStatusTests.PrintsVerifiedAsync(fixture, second);
        var refused = await CardStatusTests.RefusedAsync(fixture, first, ErrorCodes.CardRevoked);
        Assert.Equal(403, refused.Status);

        // Sent again, or late: nothing changes.
        Assert.Equal("duplicate", await OutcomeAsync(await PutAsync(reissue)));
        Assert.Equal("stale", await OutcomeAsync(await PutAsync(Event(resident.Key, second, "issued", 1))));
        Assert.Equal("stale", await OutcomeAsync(await PutAsync(Event(resident.Key, second, "returned", 2, null))));
        await CardStatusTests.PrintsVerifiedAsync(fixture, second);

        // The journal of the city says what happened to the holder's cards, naming nobody.
        var chain = fixture.Host.Grains.GetGrain<IJournalGrain>(JournalNames.For("092011"));
        var pseudonym = await chain.Pseudonym(resident.Key);
        var kinds = new List<string>();
        for (long after = 0; ;)
        {
            var page = await chain.Read(after, 1000);
            if (page.Count == 0) break;
            kinds.AddRange(page.Where(e => e.Body.Contains("holder " + pseudonym, StringComparison.Ordinal)).Select(e => e.Kind));
            after = page[^1].Sequence;
        }
        Assert.Equal(2, kinds.Count(k => k == JournalKinds.CardLinked));
        Assert.Single(kinds, JournalKinds.CardRevoked);
    }

    [Fact]
    public async Task A_returned_card_is_refused()
    {
        var resident = await FedResidentAsync();
        var card = fixture.Pki.IssueCard();
        Assert.Equal("applied", await OutcomeAsync(await PutAsync(Event(resident.Key, card, "issued", 5))));
        await CardStatusTests.PrintsVerifiedAsync(fixture, card);
        Assert.Equal("applied", await OutcomeAsync(await PutAsync(Event(resident.Key, card, "returned", 6))));
        await CardStatusTests.RefusedAsync(fixture, card, ErrorCodes.CardUnknown);
        var status = await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).GetStatus();
        Assert.False(status.Known);
    }

    [Fact]
    public async Task A_city_acts_on_its_own_residents_cards_only()
    {
        var ours = await FedResidentAsync();
        var theirs = await FedResidentAsync("132012", GatewayFixture.RegistryKey);
        var (theirCard, newCard) = (fixture.Pki.IssueCard(), fixture.Pki.IssueCard());
        Assert.Equal("applied", await OutcomeAsync(await PutAsync(Event(theirs.Key, theirCard, "issued", 1), GatewayFixture.RegistryKey)));

        // 宇都宮市's key cannot write 八王子市's events, nor take, return or replace a card 八王子市's resident holds.
        await TerminalApiTests.AssertProblem(await PutAsync(Event(theirs.Key, newCard, "issued", 1)), HttpStatusCode.Forbidden, "key-out-of-scope");
        await TerminalApiTests.AssertProblem(await PutAsync(Event(ours.Key, theirCard, "issued", 2)), HttpStatusCode.Forbidden, ErrorCodes.CardHeldElsewhere);
        await TerminalApiTests.AssertProblem(await PutAsync(Event(ours.Key, theirCard, "returned", 2)), HttpStatusCode.Forbidden, ErrorCodes.CardHeldElsewhere);
        await TerminalApiTests.AssertProblem(await PutAsync(Event(ours.Key, newCard, "reissued", 1, replaces: theirCard)), HttpStatusCode.Forbidden, ErrorCodes.CardHeldElsewhere);

        // Nothing of it was stored: their card is still theirs and works, the new card is linked to nobody.
        var their = await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(theirCard.Certificate.SerialNumber)).GetStatus();
        Assert.Equal((true, false, theirs.Key), (their.Known, their.Revoked, their.Resident));
        Assert.False((await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(newCard.Certificate.SerialNumber)).GetStatus()).Known);
        await CardStatusTests.PrintsVerifiedAsync(fixture, theirCard, "132012");
    }

    [Fact]
    public async Task A_batch_of_card_events_answers_each_line_and_rejects_bad_ones_by_field()
    {
        var resident = await FedResidentAsync();
        var card = fixture.Pki.IssueCard();
        var lines = string.Join('\n',
            Event(resident.Key, card, "issued", 1),
            """{"municipalityCode":"092011","residentNumber":"1","cardSerial":"not-hex","event":"issued","sourceVersion":1}""",
            """{"municipalityCode":"092011","residentNumber":"1","cardSerial":"AB","event":"issued","sourceVersion":1,"myNumber":"123456789012"}""",
            """{"municipalityCode":"092011","residentNumber":"1","cardSerial":"AB","event":"reissued","sourceVersion":1}""",
            Event(resident.Key, card, "issued", 1));
        var response = await Registry().PostAsync("registry/v1/batches/cards", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string OutcomeOf(int line) => answers.Single(a => a.TryGetProperty("line", out var n) && n.GetInt32() == line).GetProperty("outcome").GetString()!;
        string ReasonOf(int line) => answers.Single(a => a.TryGetProperty("line", out var n) && n.GetInt32() == line).GetProperty("reason").GetString()!;
        // The first line and its repeat: one applied, one duplicate (in whichever order they completed).
        Assert.Equal(["applied", "duplicate"], new[] { OutcomeOf(1), OutcomeOf(5) }.Order());
        Assert.Contains("cardSerial", ReasonOf(2));
        Assert.Contains("'myNumber' is not accepted", ReasonOf(3));
        Assert.Contains("replacesSerial", ReasonOf(4));
        await CardStatusTests.PrintsVerifiedAsync(fixture, card);
    }
}
