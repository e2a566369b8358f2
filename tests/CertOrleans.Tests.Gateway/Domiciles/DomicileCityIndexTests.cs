using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Kiosk;

namespace CertOrleans.Tests.Domiciles;

/// <summary>
/// The 本籍地 city of a holder whose 本籍 is in another city is found by one call to the index grain, not by asking every
/// city's grain in turn: a login costs the same however many cities are served, and a city that stops (or starts) taking
/// registrations is known to the index as soon as its configuration is saved.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DomicileCityIndexTests(GatewayFixture fixture)
{
    private const string Domicile = "東京都八王子市元本郷町三丁目7番地";

    [Fact]
    public async Task A_login_with_a_domicile_elsewhere_asks_the_index_once_and_no_city_grain()
    {
        var people = await fixture.NewResidentsWithCardsAsync(2, r => r with { PermanentDomicile = Domicile, FamilyRegisterNumber = null });
        // The first login activates the index (it reads the cities once, when activated); the second is measured.
        await SignInAndCancelAsync(people[0].Card);
        CertOrleans.Kiosk.Menu menu = null!;
        var calls = await fixture.Host.Calls.RecordAsync(async () => menu = await SignInAndCancelAsync(people[1].Card));

        Assert.Equal(new DomicileStanding(TestDomiciles.Hachioji, "八王子市", "not-registered"), menu.Domicile);
        // Nothing in the whole cluster asked a municipality for its configuration to find the city: one index call did.
        Assert.DoesNotContain(calls, c => c.Method == "IMunicipalityGrain.Get");
        Assert.Single(calls, c => c.Method == "IDomicileCityIndexGrain.CityOf");
    }

    [Fact]
    public async Task A_city_that_stops_taking_registrations_leaves_the_index_when_its_configuration_is_saved()
    {
        var index = fixture.Host.Grains.GetGrain<IDomicileCityIndexGrain>(DomicileCityIndexKeys.Key);
        var city = fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(TestDomiciles.Hachioji));
        Assert.Equal(new DomicileCity(TestDomiciles.Hachioji, "八王子市"), await index.CityOf("092011", Domicile));
        // Never the residence city itself, and nothing for a 本籍 in a city not served.
        Assert.Null(await index.CityOf(TestDomiciles.Hachioji, Domicile));
        Assert.Null(await index.CityOf("092011", "大阪府大阪市北区中之島一丁目3番"));

        var before = (await city.Get())!;
        var stopped = await city.Configure(before with { DomicileRegistration = DomicileRegistrationPolicy.NotOffered }, "test");
        try
        {
            Assert.Null(await index.CityOf("092011", Domicile));
        }
        finally
        {
            await city.Configure(before with { Version = stopped.Version }, "test");
        }
        Assert.Equal(new DomicileCity(TestDomiciles.Hachioji, "八王子市"), await index.CityOf("092011", Domicile));
    }

    private async Task<CertOrleans.Kiosk.Menu> SignInAndCancelAsync(CertOrleans.Pki.SoftwareCard card)
    {
        var kiosk = fixture.Kiosk();
        var (started, menu) = await kiosk.SignInAsync(card, TestPki.CardPin, "092011");
        await kiosk.CancelAsync(started.RequestId);
        return menu;
    }
}
