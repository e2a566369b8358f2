using System.Net;
using System.Net.Http.Json;
using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Kiosk;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Operations;

/// <summary>The stop switches: per municipality, per certificate type, per store operator; immediate, and reversible.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SwitchesTests(GatewayFixture fixture)
{
    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    private async Task SetAsync(ServiceSwitches switches)
    {
        var current = await Admin().GetFromJsonAsync<ServiceSwitches>("admin/v1/switches");
        Assert.Equal(HttpStatusCode.OK, (await Admin().PutAsJsonAsync("admin/v1/switches", switches with { Version = current!.Version })).StatusCode);
    }

    [Fact]
    public async Task Stopping_a_store_operator_a_type_or_a_municipality_takes_effect_on_the_next_request_and_resumes()
    {
        const string stopped = "kiosk-stop-0001";
        await fixture.Host.Grains.GetGrain<ITerminalGrain>(stopped).Register(new TerminalRegistration("Stop Mart", "ストップマート"), "test");
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        try
        {
            await SetAsync(new ServiceSwitches([], [], ["Stop Mart"]));
            var byOperator = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk(stopped).RunAsync(card, TestPki.CardPin, "092011", "juminhyo"));
            Assert.Equal("service-stopped", byOperator.Code);
            Assert.Equal(503, byOperator.Status);
            // Other operators' terminals carry on.
            Assert.Equal("Printed", (await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo")).Outcome);

            await SetAsync(new ServiceSwitches([], ["juminhyo"], []));
            Assert.Equal("service-stopped", (await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo"))).Code);
            Assert.Equal("Printed", (await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo-items")).Outcome);

            await SetAsync(new ServiceSwitches(["092011"], [], []));
            Assert.Equal("service-stopped", (await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo-items"))).Code);
        }
        finally
        {
            await SetAsync(ServiceSwitches.AllRunning);
        }
        Assert.Equal("Printed", (await fixture.Kiosk(stopped).RunAsync(card, TestPki.CardPin, "092011", "juminhyo")).Outcome);
    }

    [Fact]
    public async Task A_change_from_a_stale_read_is_refused_and_undoes_nothing()
    {
        var read = (await Admin().GetFromJsonAsync<ServiceSwitches>("admin/v1/switches"))!;
        // Someone else changes one city meanwhile (the console's way), with the version they read.
        var other = await fixture.Host.Grains.GetGrain<IServiceSwitchGrain>(0).SetMunicipality("132012", true, "八王子市の停止理由", read.Version, "test");
        try
        {
            Assert.Equal(read.Version + 1, other.Version);
            // The copy read before that change would resume 八王子市 without anyone knowing: refused.
            var stale = await Admin().PutAsJsonAsync("admin/v1/switches", read with { StoppedCertificateTypes = ["inkan"] });
            await TerminalApiTests.AssertProblem(stale, HttpStatusCode.Conflict, "switches-changed");
            var now = (await Admin().GetFromJsonAsync<ServiceSwitches>("admin/v1/switches"))!;
            Assert.Equal(other.Version, now.Version);
            Assert.Contains("132012", now.StoppedMunicipalities);
            Assert.DoesNotContain("inkan", now.StoppedCertificateTypes);

            // A city administrator's key does not reach the cluster's switches at all.
            var city = await fixture.BearerClient(GatewayFixture.CityAdminKey).PutAsJsonAsync("admin/v1/switches", now with { StoppedMunicipalities = [] });
            Assert.Equal(HttpStatusCode.Forbidden, city.StatusCode);
        }
        finally
        {
            var current = await fixture.Host.Grains.GetGrain<IServiceSwitchGrain>(0).Get();
            await fixture.Host.Grains.GetGrain<IServiceSwitchGrain>(0).SetMunicipality("132012", false, "復旧", current.Version, "test");
        }
        Assert.True((await fixture.Kiosk().GetAvailabilityAsync("132012")).Open);
    }
}
