using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Pki;

namespace CertOrleans.Tests.Requests;

/// <summary>
/// The rules a client of the cluster cannot skip: these tests call the grains directly, as any client that
/// reaches a silo's gateway port could, with no HTTP gateway in front.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRulesTests(ClusterFixture fixture)
{
    private const string Terminal = "kiosk-rules";

    private IIssuanceRequestGrain NewRequest() => fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(ClusterFixture.NewRequestId());

    [Fact]
    public async Task A_card_the_card_CA_did_not_issue_is_refused_even_when_it_is_linked_to_a_resident()
    {
        var (resident, _) = await fixture.NewResidentWithCardAsync();
        using var forger = CertificateAuthority.Create("Forged Card CA");
        var forged = fixture.Pki.IssueCard(ca: forger);
        await fixture.Host.Grains.GetGrain<Contracts.Cards.ICardGrain>(Contracts.Cards.CardKeys.ForSerial(forged.Certificate.SerialNumber)).Link(resident.Key, "test");

        var refused = await Assert.ThrowsAsync<IssuanceException>(() => NewRequest().Start(new StartRequest(Terminal, "092011", forged.Certificate.RawData)));
        Assert.Equal(ErrorCodes.CardCertificateUntrusted, refused.Code);
    }

    [Fact]
    public async Task An_expired_card_certificate_is_refused_and_unreadable_bytes_are_named_as_such()
    {
        var expired = fixture.Pki.IssueCard(notAfter: DateTimeOffset.UtcNow.AddHours(-1));
        var refused = await Assert.ThrowsAsync<IssuanceException>(() => NewRequest().Start(new StartRequest(Terminal, "092011", expired.Certificate.RawData)));
        Assert.Equal(ErrorCodes.CardCertificateExpired, refused.Code);

        var garbage = await Assert.ThrowsAsync<IssuanceException>(() => NewRequest().Start(new StartRequest(Terminal, "092011", [1, 2, 3])));
        Assert.Equal(ErrorCodes.CardCertificateInvalid, garbage.Code);
    }

    [Fact]
    public async Task A_request_cannot_start_while_the_municipality_is_closed_or_for_one_not_served()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var seed = await fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For("092011")).Get();
        // Another municipality, closed for maintenance from now on: its hours are the cluster's to enforce.
        var now = fixture.Host.Time.GetUtcNow();
        await fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For("132012")).Configure(seed! with
        {
            Name = "八王子市",
            Maintenance = [new MaintenanceWindow(now.AddMinutes(-1), now.AddHours(2), "システム更新")],
        }, "test");

        var closed = await Assert.ThrowsAsync<IssuanceException>(() => NewRequest().Start(new StartRequest(Terminal, "132012", card.Certificate.RawData)));
        Assert.Equal(ErrorCodes.ServiceClosed, closed.Code);
        Assert.Equal(now.AddHours(2), closed.NextOpening);

        var notServed = await Assert.ThrowsAsync<IssuanceException>(() => NewRequest().Start(new StartRequest(Terminal, "011002", card.Certificate.RawData)));
        Assert.Equal(ErrorCodes.MunicipalityNotServed, notServed.Code);
    }

    [Fact]
    public async Task The_card_holders_menu_is_the_municipalitys_menu_with_their_refusals()
    {
        // No seal registered and no 戸籍 in the city: 印鑑登録証明書 and the 戸籍 types are refused, the rest offered.
        var (_, card) = await fixture.NewResidentWithCardAsync(r => r with { FamilyRegisterNumber = null });
        var (request, session) = await fixture.AuthenticateAsync(card, Terminal);
        var menu = await fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For("092011")).GetMenu(fixture.Host.Time.GetUtcNow());

        static string Shown(CertificateOffer o) => $"{o.Type} {o.Name} {o.Fee} {o.AvailableNow} {o.NextOpening} {string.Join(",", o.Options ?? [])}";
        Assert.Equal(menu!.Offers.Select(Shown), session.Offers.Select(Shown));
        Assert.All(menu.Offers, o => Assert.Null(o.RefusalCode));
        Assert.Equal(RefusalCodes.SealNotRegistered, session.Offers.Single(o => o.Type == "inkan").RefusalCode);
        Assert.All(session.Offers.Where(o => CertificateTypes.Parse(o.Type).IsFamilyRegister()), o => Assert.Equal(RefusalCodes.FamilyRegisterElsewhere, o.RefusalCode));
        Assert.Null(session.Offers.Single(o => o.Type == "juminhyo").RefusalCode);
        await request.Cancel(Terminal);
    }

    [Fact]
    public async Task Refusals_for_the_menu_agree_with_the_rules_applied_when_the_data_is_read()
    {
        var (resident, _) = await fixture.NewResidentWithCardAsync(r => r with { FamilyRegisterNumber = null });
        var grain = fixture.Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey);
        var today = JapanTime.DateOf(fixture.Host.Time.GetUtcNow());
        var refusals = await grain.GetRefusals(CertificateTypes.All, today);
        foreach (var type in CertificateTypes.All)
            Assert.Equal((await grain.Prepare(type, today)).RefusalCode, refusals[type]);
    }
}
