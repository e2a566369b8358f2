using CertOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CertOrleans.Tests.Gateway;

/// <summary>
/// What one kiosk flow costs the cluster in grain calls (docs/benchmarks.md, "Cost of a flow"): the gateway asks the
/// cluster once per kiosk request, and the grains stay within the budget measured when it was set.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class FlowCostTests(GatewayFixture fixture, ITestOutputHelper output)
{
    // Measured when set (it was 30 calls, 12 of them from the gateway): start 5, authenticate 6 (this holder's 本籍 is
    // in another city, which is looked up), order 5, pay 2, document 4, confirm 3. Each is the step's request-grain
    // call, its terminal check and what the step needs (docs/architecture.md, "A request's path").
    private const int GrainCallBudget = 25;

    [Fact]
    public async Task A_resident_record_flow_asks_the_cluster_once_per_kiosk_request_and_stays_within_its_grain_call_budget()
    {
        var people = await fixture.NewResidentsWithCardsAsync(2);
        // The first flow activates what every flow shares (municipality, switches, keys); the second is measured.
        await fixture.Kiosk().RunAsync(people[0].Card, TestPki.CardPin, "092011", "juminhyo");
        var before = fixture.Host.Calls.Snapshot();
        var printed = await fixture.Kiosk().RunAsync(people[1].Card, TestPki.CardPin, "092011", "juminhyo");
        var calls = fixture.Host.Calls.Since(before);
        foreach (var (method, count) in calls.OrderBy(c => c.Key, StringComparer.Ordinal)) output.WriteLine($"{count,3} {method}");

        Assert.Equal("Printed", printed.Outcome);
        // Start, authenticate, order, pay, document, confirm: six kiosk requests, six calls from the gateway, all to the request.
        var fromGateway = calls.Where(c => c.Key.StartsWith(GrainCallCounter.FromClient, StringComparison.Ordinal)).ToList();
        Assert.Equal(6, fromGateway.Sum(c => c.Value));
        Assert.All(fromGateway, c => Assert.StartsWith(GrainCallCounter.FromClient + "IIssuanceRequestGrain.", c.Key));
        Assert.InRange(calls.Values.Sum(), 6, GrainCallBudget);
    }
}
