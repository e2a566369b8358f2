using System.Net.Http.Json;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using CertOrleans.Kiosk;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Municipalities;

/// <summary>A maintenance notice or an operators' stop reaches the kiosk before any card is read, and again on the refusal.</summary>
[Collection(GatewayCollection.Name)]
public sealed class NoticesTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_stop_switch_notice_is_on_the_availability_answer_and_on_the_refusal()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var switches = fixture.Host.Grains.GetGrain<IServiceSwitchGrain>(0);
        var before = await switches.Get();
        try
        {
            await switches.Set(before with { StoppedMunicipalities = ["092011"], Notice = "システム障害のため停止しています。" }, "test");
            var availability = await fixture.Kiosk().GetAvailabilityAsync("092011");
            Assert.False(availability.Open);
            Assert.Equal(ClosedReasons.Stopped, availability.ClosedReason);
            Assert.Equal("システム障害のため停止しています。", availability.Notice);

            var refused = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo"));
            Assert.Equal("service-stopped", refused.Code);
            Assert.Equal("システム障害のため停止しています。", refused.Notice);
        }
        finally
        {
            await switches.Set(before with { Version = (await switches.Get()).Version }, "test");
        }
        Assert.Null((await switches.Get()).Notice);
        Assert.True((await fixture.Kiosk().GetAvailabilityAsync("092011")).Open);
    }

    [Fact]
    public async Task A_stopped_certificate_type_is_unavailable_on_the_availability_answer_while_the_service_stays_open()
    {
        Assert.True((await fixture.Kiosk().GetAvailabilityAsync("092011")).Offers.Single(o => o.CertificateType == "inkan").AvailableNow);
        var switches = fixture.Host.Grains.GetGrain<IServiceSwitchGrain>(0);
        var before = await switches.Get();
        try
        {
            await switches.Set(before with { StoppedCertificateTypes = ["inkan"], Notice = "印鑑登録証明書は点検のため停止しています。" }, "test");
            var availability = await fixture.Kiosk().GetAvailabilityAsync("092011");
            Assert.True(availability.Open);
            Assert.Equal("印鑑登録証明書は点検のため停止しています。", availability.Notice);
            var inkan = availability.Offers.Single(o => o.CertificateType == "inkan");
            Assert.False(inkan.AvailableNow);
            Assert.Null(inkan.NextOpening);
            Assert.True(availability.Offers.Single(o => o.CertificateType == "juminhyo").AvailableNow);
        }
        finally
        {
            await switches.Set(before with { Version = (await switches.Get()).Version }, "test");
        }
        Assert.True((await fixture.Kiosk().GetAvailabilityAsync("092011")).Offers.Single(o => o.CertificateType == "inkan").AvailableNow);
    }

    [Fact]
    public async Task Maintenance_is_announced_ahead_and_its_notice_given_while_it_lasts()
    {
        const string code = "092061"; // 日光市, a municipality of its own
        var now = fixture.Host.Time.GetUtcNow();
        var municipality = fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code));
        var configuration = await municipality.Configure(new MunicipalityConfiguration
        {
            Name = "日光市", Prefecture = "栃木県", MayorTitle = "日光市長", MayorName = "試験　六郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 300 },
            Maintenance = [new MaintenanceWindow(now.AddDays(2), now.AddDays(2).AddHours(4), "住基システム更新のため休止します。")],
        }, "test");
        var ahead = await fixture.Kiosk().GetAvailabilityAsync(code);
        Assert.Equal("住基システム更新のため休止します。", Assert.Single(ahead.Announced!).Notice);

        await municipality.Configure(configuration with { Maintenance = [new MaintenanceWindow(now.AddMinutes(-5), now.AddHours(1), "緊急メンテナンス中です。")] }, "test");
        var during = await fixture.Kiosk().GetAvailabilityAsync(code);
        Assert.Equal((false, ClosedReasons.Maintenance, "緊急メンテナンス中です。"), (during.Open, during.ClosedReason, during.Notice));

        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = code } }))[0];
        var refused = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo"));
        Assert.Equal(("service-closed", "緊急メンテナンス中です。"), (refused.Code, refused.Notice));
        Assert.NotNull(refused.NextOpening);
    }

    [Fact]
    public async Task A_switch_notice_longer_than_a_kiosk_shows_is_refused()
    {
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        var response = await admin.PutAsJsonAsync("admin/v1/switches", new ServiceSwitches(["092011"], [], [], new string('あ', 201)));
        await TerminalApiTests.AssertProblem(response, System.Net.HttpStatusCode.UnprocessableEntity, "invalid-configuration");
    }
}
