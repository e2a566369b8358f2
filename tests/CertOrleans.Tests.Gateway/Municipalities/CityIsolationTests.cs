using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Signing;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Municipalities;

/// <summary>Many cities, one deployment: each city's certificates are signed with its own keys and recorded in its own journal.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CityIsolationTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Each_city_signs_with_its_own_keys_and_records_in_its_own_journal()
    {
        var (_, utsunomiya) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var (_, hachioji) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = "132012" } }))[0];
        var first = await fixture.Kiosk().RunAsync(utsunomiya, TestPki.CardPin, "092011", "juminhyo");
        var second = await fixture.Kiosk().RunAsync(hachioji, TestPki.CardPin, "132012", "juminhyo");
        Assert.Equal((200, 300), (first.Order.Fee, second.Order.Fee));
        Assert.StartsWith("132012-", second.Document.CertificateNumber, StringComparison.Ordinal);

        // Each request is in its own city's chain and nowhere else.
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        async Task<string> ChainAsync(string code) => JsonSerializer.Serialize((await admin.GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/{code}/journal/bundle", Json))!.Entries);
        var (chain092011, chain132012) = (await ChainAsync("092011"), await ChainAsync("132012"));
        Assert.Contains(first.RequestId, chain092011);
        Assert.DoesNotContain(second.RequestId, chain092011);
        Assert.Contains(second.RequestId, chain132012);
        Assert.DoesNotContain(first.RequestId, chain132012);

        // 八王子市's certificate verifies with 八王子市's keys and not with 宇都宮市's, even presented as 八王子市's.
        async Task<List<PublicIssuingKey>> KeysAsync(string of, string asCity) => (await fixture.Host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(of)).GetPublicKeys())
            .Select(k => new PublicIssuingKey(asCity, k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt)).ToList();
        var reading = PdfCertificateReader.Read(second.Document.Pdf);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, await KeysAsync("132012", "132012")));
        Assert.NotEqual(VerificationResult.Genuine, CertificateVerifier.Verify(reading, await KeysAsync("092011", "132012")));
    }

    [Fact]
    public async Task A_citys_key_cannot_take_another_citys_residents_card_and_a_move_between_cities_is_journaled_in_both()
    {
        var (hachiojiResident, hachiojiCard) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = "132012" } }))[0];
        var (utsunomiyaResident, _) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var serial = hachiojiCard.Certificate.SerialNumber;
        var toUtsunomiya = new { municipalityCode = "092011", residentNumber = utsunomiyaResident.Key.ResidentNumber };

        // 宇都宮市's administrator points 八王子市's resident's card (its serial is in the public certificate) at a
        // 宇都宮市 resident: refused, and the card still opens its own holder's records.
        var city = fixture.BearerClient(GatewayFixture.CityAdminKey);
        await TerminalApiTests.AssertProblem(await city.PutAsJsonAsync($"admin/v1/cards/{serial}", toUtsunomiya), System.Net.HttpStatusCode.Forbidden, "card-held-elsewhere");
        var printed = await fixture.Kiosk().RunAsync(hachiojiCard, TestPki.CardPin, "132012", "juminhyo");
        Assert.Contains(hachiojiResident.FamilyName, PdfText.All(printed.Document.Pdf));

        // A key for both cities may move it, and each city's chain says so.
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PutAsJsonAsync($"admin/v1/cards/{serial}", toUtsunomiya)).StatusCode);
        async Task<List<JournalEntry>> EntriesAsync(string code, string kind) =>
            (await admin.GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/{code}/journal/bundle", Json))!.Entries.Where(e => e.Kind == kind).ToList();
        var unlinked = (await EntriesAsync("132012", JournalKinds.CardUnlinked)).Select(e => JournalJson.Read<AdministrativeBody>(e.Body)!).Last();
        Assert.Equal("holder " + await fixture.Host.Grains.GetGrain<IJournalGrain>(JournalNames.For("132012")).Pseudonym(hachiojiResident.Key), unlinked.Subject);
        var linked = (await EntriesAsync("092011", JournalKinds.CardLinked)).Select(e => JournalJson.Read<AdministrativeBody>(e.Body)!).Last();
        Assert.Equal("holder " + await fixture.Host.Grains.GetGrain<IJournalGrain>(JournalNames.For("092011")).Pseudonym(utsunomiyaResident.Key), linked.Subject);
    }

    [Fact]
    public async Task A_citys_key_cannot_unlink_another_citys_residents_card_and_an_unlink_is_journaled_in_the_holders_city()
    {
        var (hachiojiResident, hachiojiCard) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = "132012" } }))[0];
        var serial = hachiojiCard.Certificate.SerialNumber;
        var card = fixture.Host.Grains.GetGrain<Contracts.Cards.ICardGrain>(Contracts.Cards.CardKeys.ForSerial(serial));

        // 宇都宮市's administrator unlinks 八王子市's resident's card (its serial is public): refused, the link stands.
        var city = fixture.BearerClient(GatewayFixture.CityAdminKey);
        await TerminalApiTests.AssertProblem(await city.DeleteAsync($"admin/v1/cards/{serial}"), System.Net.HttpStatusCode.Forbidden, "card-held-elsewhere");
        Assert.Equal(hachiojiResident.Key, (await card.GetStatus()).Resident);

        // A key for 八王子市 may, and 八王子市's chain says so; the card opens nobody's records any more.
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.DeleteAsync($"admin/v1/cards/{serial}")).StatusCode);
        Assert.Null((await card.GetStatus()).Resident);
        var pseudonym = await fixture.Host.Grains.GetGrain<IJournalGrain>(JournalNames.For("132012")).Pseudonym(hachiojiResident.Key);
        var entries = (await admin.GetFromJsonAsync<JournalBundle>("admin/v1/municipalities/132012/journal/bundle", Json))!.Entries;
        Assert.Contains(entries, e => e.Kind == JournalKinds.CardUnlinked && JournalJson.Read<AdministrativeBody>(e.Body)!.Subject == "holder " + pseudonym);
        await TerminalApiTests.AssertProblem(await admin.DeleteAsync($"admin/v1/cards/{serial}"), System.Net.HttpStatusCode.Forbidden, "card-unknown");
    }

    [Fact]
    public async Task A_citys_key_cannot_revoke_another_citys_residents_card()
    {
        var (hachiojiResident, hachiojiCard) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = "132012" } }))[0];
        var serial = hachiojiCard.Certificate.SerialNumber;
        var card = fixture.Host.Grains.GetGrain<Contracts.Cards.ICardGrain>(Contracts.Cards.CardKeys.ForSerial(serial));

        // Refused where the card is held, with the same code as a link that would take it.
        var city = fixture.BearerClient(GatewayFixture.CityAdminKey);
        await TerminalApiTests.AssertProblem(await city.PostAsync($"admin/v1/cards/{serial}/revoke", null), System.Net.HttpStatusCode.Forbidden, "card-held-elsewhere");
        Assert.False((await card.GetStatus()).Revoked);
        var printed = await fixture.Kiosk().RunAsync(hachiojiCard, TestPki.CardPin, "132012", "juminhyo");
        Assert.Contains(hachiojiResident.FamilyName, PdfText.All(printed.Document.Pdf));

        // A key for 八王子市 revokes it, in 八王子市's chain.
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.PostAsync($"admin/v1/cards/{serial}/revoke", null)).StatusCode);
        Assert.True((await card.GetStatus()).Revoked);
        var pseudonym = await fixture.Host.Grains.GetGrain<IJournalGrain>(JournalNames.For("132012")).Pseudonym(hachiojiResident.Key);
        var entries = (await admin.GetFromJsonAsync<JournalBundle>("admin/v1/municipalities/132012/journal/bundle", Json))!.Entries;
        Assert.Contains(entries, e => e.Kind == JournalKinds.CardRevoked && JournalJson.Read<AdministrativeBody>(e.Body)!.Subject == "holder " + pseudonym);
    }
}
