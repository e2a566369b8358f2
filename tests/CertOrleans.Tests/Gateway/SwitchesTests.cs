using System.Net;
using System.Net.Http.Json;
using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Kiosk;
using CertOrleans.Tests.Infrastructure;

namespace CertOrleans.Tests.Gateway;

/// <summary>The stop switches: per municipality, per certificate type, per store operator; immediate, and reversible.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SwitchesTests(GatewayFixture fixture)
{
    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    private async Task SetAsync(ServiceSwitches switches) =>
        Assert.Equal(HttpStatusCode.OK, (await Admin().PutAsJsonAsync("admin/v1/switches", switches)).StatusCode);

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
}
