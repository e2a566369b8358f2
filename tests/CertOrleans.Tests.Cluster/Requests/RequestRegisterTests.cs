using CertOrleans.Contracts.Requests;
using CertOrleans.Grains.Lifecycle;
using CertOrleans.Storage.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.Tests.Requests;

/// <summary>
/// The register of requests in flight: what makes "no paid request without a document or a recorded failure"
/// hold when a silo is killed and its requests' memory goes with it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RequestRegisterTests(ClusterFixture fixture)
{
    private const string Terminal = "kiosk-a";

    [Fact]
    public async Task A_request_is_on_the_register_from_its_start_to_its_end_and_then_only_in_the_journal()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var (request, id) = await fixture.AuthenticatedRequestAsync(card);
        var open = await fixture.Host.Journal.FindOpenAsync(id);
        Assert.NotNull(open);
        Assert.False(open.Paid);
        Assert.Equal(Terminal, open.TerminalId);

        await request.Order(Terminal, new PlaceOrder("juminhyo", 1));
        await request.Pay(Terminal, new RecordPayment(200, "cash-r1"));
        open = await fixture.Host.Journal.FindOpenAsync(id);
        Assert.True(open is { Paid: true, Fee: 200, CertificateType: "juminhyo", Stage: RequestStage.Paid });

        var document = await request.GetDocument(Terminal);
        open = await fixture.Host.Journal.FindOpenAsync(id);
        Assert.True(open is { Stage: RequestStage.DocumentDelivered });
        Assert.Equal(document.CertificateNumber, open.CertificateNumber);

        await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null));
        Assert.Null(await fixture.Host.Journal.FindOpenAsync(id));
        Assert.Equal(RequestOutcome.Printed, (await fixture.Host.Journal.FindAsync(id))!.Outcome);
    }

    [Fact]
    public async Task A_paid_request_whose_silo_died_is_closed_as_expired_with_its_payment_and_a_live_one_is_left_alone()
    {
        // What a SIGKILLed silo leaves: a paid request on the register and nobody to end it.
        var now = fixture.Host.Time.GetUtcNow();
        var lost = ClusterFixture.NewRequestId();
        await fixture.Host.Journal.OpenAsync(new OpenRequest(lost, "kiosk-dead", "092011", "juminhyo", 200, Paid: true, "092011-X", RequestStage.DocumentDelivered,
            now - TimeSpan.FromMinutes(20), now - TimeSpan.FromMinutes(10)));
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var (live, liveId) = await fixture.AuthenticatedRequestAsync(card);

        var closed = await fixture.Host.Grains.GetGrain<ILifecycleSweeperGrain>(0).Sweep();

        Assert.True(closed >= 1);
        var record = await fixture.Host.Journal.FindAsync(lost);
        Assert.NotNull(record);
        Assert.Equal(RequestOutcome.Expired, record.Outcome);
        Assert.Equal(ILifecycleJournal.LostFailureCode, record.FailureCode);
        Assert.True(record is { Paid: true, Fee: 200, CertificateNumber: "092011-X", LastStage: RequestStage.DocumentDelivered });
        Assert.Null(await fixture.Host.Journal.FindOpenAsync(lost));

        Assert.NotNull(await fixture.Host.Journal.FindOpenAsync(liveId));
        Assert.Equal(RequestStage.Authenticated, (await live.GetStatus(Terminal)).Stage);
        await live.Cancel(Terminal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_sweeper_is_a_durable_reminder_in_the_store(string kind)
    {
        var store = TestStore.Create(kind);
        await using (var first = await TestClusterHost.StartAsync(store))
            Assert.NotNull(await ReadSweeperReminderAsync(first));

        // A cluster that comes back on the same store finds it there (and registering again is harmless).
        await using var second = await TestClusterHost.StartAsync(store);
        var reminder = await ReadSweeperReminderAsync(second);
        Assert.NotNull(reminder);
        Assert.Equal(TimeSpan.FromMinutes(1), reminder.Period);
    }

    private static async Task<ReminderEntry?> ReadSweeperReminderAsync(TestClusterHost host)
    {
        var table = host.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var sweeper = host.Grains.GetGrain<ILifecycleSweeperGrain>(0).GetGrainId();
        for (var i = 0; i < 50; i++)
        {
            if (await table.ReadRow(sweeper, LifecycleSweeperGrain.ReminderName) is { } entry) return entry;
            await Task.Delay(100);
        }
        return null;
    }
}
