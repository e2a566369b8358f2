using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CertOrleans.Contracts.Requests;
using CertOrleans.Kiosk;

namespace CertOrleans.Tests.Terminals;

/// <summary>
/// A terminal suspended by the cluster operator while a customer is at it: the request grain holds the terminal's status
/// pushed by the terminal's grain instead of asking at every step (docs/architecture.md, "A request's path"), and the
/// suspension still applies to the very next step, within a second; resumed, the same request goes on to print.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TerminalSuspensionTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_terminal_suspended_mid_flow_is_refused_at_the_next_step_within_a_second_and_resumed_goes_on()
    {
        var terminal = $"kiosk-suspend-{Guid.NewGuid():N}"[..24];
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"admin/v1/terminals/{terminal}", new { storeOperator = "Test Mart", storeName = "テストマート駅前店" })).StatusCode);
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var kiosk = fixture.Kiosk(terminal);
        var (started, _) = await kiosk.SignInAsync(card, TestPki.CardPin, "092011");
        var order = await kiosk.OrderAsync(started.RequestId, "juminhyo", 1);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"admin/v1/terminals/{terminal}/suspend", null)).StatusCode);
        var sinceSuspended = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.PayAsync(started.RequestId, order.Fee, "pay-suspended-1"));
        Assert.Equal(ErrorCodes.TerminalSuspended, refused.Code);
        Assert.InRange(sinceSuspended.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        // Resumed: the request was refused, not ended, and the same customer pays and prints.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"admin/v1/terminals/{terminal}/resume", null)).StatusCode);
        await kiosk.PayAsync(started.RequestId, order.Fee, "pay-suspended-1");
        var document = await kiosk.GetDocumentAsync(started.RequestId);
        Assert.Equal("Printed", await kiosk.ConfirmPrintAsync(started.RequestId, printed: true, document.CertificateNumber));
    }
}
