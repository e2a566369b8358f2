using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Storage;
using CertOrleans.Storage.Journal;
using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Storage;

/// <summary>
/// The store refuses every grain-state write (a trigger that aborts them, as a database that is down would):
/// a grain whose write failed keeps serving what is stored, and the caller's retry applies the change.
/// </summary>
public sealed class WriteFailureTests : IAsyncLifetime
{
    private TestClusterHost host = null!;

    public async Task InitializeAsync()
    {
        host = await TestClusterHost.StartAsync();
        await host.RegisterTerminalsAsync("kiosk-w");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task RefuseWritesAsync(bool refuse)
    {
        await using var connection = await host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = refuse
            ? """
              CREATE TRIGGER refuse_insert BEFORE INSERT ON grain_state BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;
              CREATE TRIGGER refuse_update BEFORE UPDATE ON grain_state BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;
              """
            : "DROP TRIGGER refuse_insert; DROP TRIGGER refuse_update;";
        await command.ExecuteNonQueryAsync();
    }

    private async Task RefuseJournalAsync(bool refuse)
    {
        await using var connection = await host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = refuse
            ? "CREATE TRIGGER refuse_journal BEFORE INSERT ON request_lifecycle BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;"
            : "DROP TRIGGER refuse_journal;";
        await command.ExecuteNonQueryAsync();
    }

    private async Task HideGrainStateAsync(bool hide)
    {
        await using var connection = await host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = hide ? "ALTER TABLE grain_state RENAME TO grain_state_away" : "ALTER TABLE grain_state_away RENAME TO grain_state";
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_grain_that_cannot_read_its_state_answers_store_unavailable_and_starts_once_the_store_answers()
    {
        var resident = TestResidents.Make(3, "5");
        var grain = host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey);

        // Its activation reads the state and fails: the caller hears store-unavailable (it heard the driver's own
        // exception type, which a client cannot deserialize), and nothing is half-activated.
        await HideGrainStateAsync(true);
        var failed = await Assert.ThrowsAsync<OrleansException>(() => grain.Apply(resident));
        Assert.Equal(ErrorCodes.StoreUnavailable, Assert.IsType<IssuanceException>(failed.InnerException).Code);
        await HideGrainStateAsync(false);
        Assert.Equal(ApplyOutcome.Applied, await grain.Apply(resident));
    }

    private static async Task AssertStoreUnavailable(Func<Task> write) =>
        Assert.Equal(ErrorCodes.StoreUnavailable, (await Assert.ThrowsAsync<IssuanceException>(write)).Code);

    [Fact]
    public async Task A_death_the_store_could_not_take_is_applied_when_the_registry_retries()
    {
        var alive = TestResidents.Make(1, "5");
        var resident = host.Grains.GetGrain<IResidentGrain>(alive.Key.GrainKey);
        await resident.Apply(alive);
        var deceased = alive with { SourceVersion = 2, Status = ResidencyStatus.Deceased };
        var today = JapanTime.DateOf(host.Time.GetUtcNow());

        await RefuseWritesAsync(true);
        await AssertStoreUnavailable(() => resident.Apply(deceased));
        // Not acknowledged, so not applied: the grain serves what the store holds.
        Assert.Null((await resident.Prepare(CertificateType.ResidentRecordCopy, today)).RefusalCode);

        await RefuseWritesAsync(false);
        Assert.Equal(ApplyOutcome.Applied, await resident.Apply(deceased));
        Assert.Equal(RefusalCodes.Deceased, (await resident.Prepare(CertificateType.ResidentRecordCopy, today)).RefusalCode);
        await host.Cluster.DeactivateAsync(resident);
        Assert.Equal(RefusalCodes.Deceased, (await resident.Prepare(CertificateType.ResidentRecordCopy, today)).RefusalCode);
    }

    [Fact]
    public async Task A_rotation_the_store_could_not_take_leaves_the_stored_key_signing_and_its_id_is_not_given_again()
    {
        var keys = host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For("092011"));
        var first = await keys.Rotate("test");

        await RefuseWritesAsync(true);
        await AssertStoreUnavailable(() => keys.Rotate("test"));
        var code = await keys.SignVerificationCode("092011-20261127-TESTTEST01", "juminhyo", host.Time.GetUtcNow(), new byte[32]);
        Assert.True(VerificationCode.TryParse(code, out var parsed));
        Assert.Equal(first, parsed.KeyId);
        Assert.Equal([first], (await keys.GetPublicKeys()).Where(k => k.Status == "Active").Select(k => k.KeyId));

        await RefuseWritesAsync(false);
        var second = await keys.Rotate("test");
        Assert.True(second > first + 1, $"key id {second} was handed out before, to a key that was never stored");
        Assert.Equal([first, second], (await keys.GetPublicKeys()).Select(k => k.KeyId).Order());
    }

    [Fact]
    public async Task A_configuration_the_store_could_not_take_is_not_served_and_its_version_is_not_spent()
    {
        var municipality = host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For("092011"));
        var before = (await municipality.Get())!;

        await RefuseWritesAsync(true);
        await AssertStoreUnavailable(() => municipality.Configure(before with { Fees = new Dictionary<string, int> { ["juminhyo"] = 9999 } }, "test"));
        Assert.Equal(before.Version, (await municipality.Get())!.Version);
        Assert.Equal(200, (await municipality.Get())!.Fees["juminhyo"]);

        await RefuseWritesAsync(false);
        var changed = await municipality.Configure(before with { Fees = new Dictionary<string, int> { ["juminhyo"] = 300 } }, "test");
        Assert.Equal((before.Version + 1, 300), (changed.Version, changed.Fees["juminhyo"]));
    }

    [Fact]
    public async Task A_print_confirmed_while_the_journal_cannot_be_written_is_recorded_printed_once_it_can()
    {
        using var pki = new TestPki();
        var resident = TestResidents.Make(2, "5");
        await host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).Apply(resident);
        var card = pki.IssueCard();
        await host.Grains.GetGrain<Contracts.Cards.ICardGrain>(Contracts.Cards.CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(resident.Key, "test");
        var id = ClusterFixture.NewRequestId();
        var request = host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest("kiosk-w", "092011", card.Certificate.RawData));
        await request.Authenticate("kiosk-w", card.Sign(TestPki.CardPin, Pki.CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge)));
        await request.Order("kiosk-w", new PlaceOrder("juminhyo", 1));
        await request.Pay("kiosk-w", new RecordPayment(200, "cash-w"));
        var document = await request.GetDocument("kiosk-w");

        await RefuseJournalAsync(true);
        var printed = new PrintReport(true, document.CertificateNumber, null);
        // The kiosk printed: it hears so, even though the record cannot be written yet, and hears it again if it asks again.
        Assert.Equal(RequestOutcome.Printed, (await request.ConfirmPrint("kiosk-w", printed)).Outcome);
        Assert.Equal(RequestOutcome.Printed, (await request.ConfirmPrint("kiosk-w", printed)).Outcome);
        Assert.Null(await host.Journal.FindAsync(id));

        await RefuseJournalAsync(false);
        LifecycleRecord? record = null;
        for (var i = 0; i < 50 && record is null; i++)
        {
            await Task.Delay(100);
            record = await host.Journal.FindAsync(id);
        }
        Assert.Equal(RequestOutcome.Printed, record?.Outcome);
        Assert.True(record!.Paid);
        Assert.Null(await host.Journal.FindOpenAsync(id));
    }

    [Fact]
    public async Task An_older_sealed_state_put_back_over_a_newer_one_is_refused_not_served()
    {
        var person = TestResidents.Make(3, "5");
        var resident = host.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey);
        var today = JapanTime.DateOf(host.Time.GetUtcNow());
        await resident.Apply(person);
        var before = await RowPayloadAsync(person.Key.GrainKey);
        // Support measures (支援措置) are set: from now on the certificate must be refused at the store.
        await resident.Apply(person with { SourceVersion = 2, UnderSupportMeasures = true });
        await host.Cluster.DeactivateAsync(resident);
        Assert.Equal(RefusalCodes.SupportMeasures, (await resident.Prepare(CertificateType.ResidentRecordCopy, today)).RefusalCode);

        // Someone with access to the database puts the older sealed blob back (the row keeps its version).
        await using (var connection = await host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>().OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE grain_state SET payload = @payload WHERE grain_id_ext = @key AND payload IS NOT NULL";
            command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@payload", before));
            command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@key", person.Key.GrainKey));
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        await host.Cluster.DeactivateAsync(resident);
        await Assert.ThrowsAnyAsync<Exception>(() => resident.Prepare(CertificateType.ResidentRecordCopy, today));
    }

    private async Task<byte[]> RowPayloadAsync(string grainKey)
    {
        await using var connection = await host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE grain_id_ext = @key AND payload IS NOT NULL";
        command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@key", grainKey));
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_households_members_are_sealed_in_the_store()
    {
        var head = TestResidents.Make(4, "5") with { HouseholdNumber = "H77", Relationship = "世帯主" };
        var child = TestResidents.Make(5, "5") with { HouseholdNumber = "H77", Relationship = "子" };
        await host.Grains.GetGrain<IResidentGrain>(head.Key.GrainKey).Apply(head);
        await host.Grains.GetGrain<IResidentGrain>(child.Key.GrainKey).Apply(child);
        var household = HouseholdKeys.For("092011", "H77");
        Assert.Equal([head.Key, child.Key], await host.Grains.GetGrain<IHouseholdGrain>(household).GetMembers());

        var payload = await RowPayloadAsync(household);
        foreach (var number in new[] { head.Key.ResidentNumber, child.Key.ResidentNumber })
            Assert.Equal(-1, payload.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(number)));
    }
}
