using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Storage;
using CertOrleans.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.Tests.Grains;

/// <summary>
/// The store refuses every grain-state write (a trigger that aborts them, as a database that is down would):
/// a grain whose write failed keeps serving what is stored, and the caller's retry applies the change.
/// </summary>
public sealed class WriteFailureTests : IAsyncLifetime
{
    private TestClusterHost host = null!;

    public async Task InitializeAsync() => host = await TestClusterHost.StartAsync();

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

    private static async Task AssertStoreUnavailable(Func<Task> write) =>
        Assert.Equal(ErrorCodes.StoreUnavailable, (await Assert.ThrowsAsync<IssuanceException>(write)).Code);

    [Fact]
    public async Task A_death_the_store_could_not_take_is_applied_when_the_registry_retries()
    {
        var alive = TestResidents.Make(1, "5");
        var resident = host.Grains.GetGrain<IResidentGrain>(alive.Key.GrainKey);
        await resident.Apply(alive);
        var deceased = alive with { SourceVersion = 2, Status = ResidencyStatus.Deceased };
        var today = DateOnly.FromDateTime(host.Time.GetUtcNow().AddHours(9).DateTime);

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
        var first = await keys.Rotate();

        await RefuseWritesAsync(true);
        await AssertStoreUnavailable(() => keys.Rotate());
        var code = await keys.SignVerificationCode("092011-20261127-TESTTEST01", "juminhyo", host.Time.GetUtcNow(), new byte[32]);
        Assert.True(VerificationCode.TryParse(code, out var parsed));
        Assert.Equal(first, parsed.KeyId);
        Assert.Equal([first], (await keys.GetPublicKeys()).Where(k => k.Status == "Active").Select(k => k.KeyId));

        await RefuseWritesAsync(false);
        var second = await keys.Rotate();
        Assert.True(second > first + 1, $"key id {second} was handed out before, to a key that was never stored");
        Assert.Equal([first, second], (await keys.GetPublicKeys()).Select(k => k.KeyId).Order());
    }

    [Fact]
    public async Task A_configuration_the_store_could_not_take_is_not_served_and_its_version_is_not_spent()
    {
        var municipality = host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For("092011"));
        var before = (await municipality.Get())!;

        await RefuseWritesAsync(true);
        await AssertStoreUnavailable(() => municipality.Configure(before with { Fees = new Dictionary<string, int> { ["juminhyo"] = 9999 } }));
        Assert.Equal(before.Version, (await municipality.Get())!.Version);
        Assert.Equal(200, (await municipality.Get())!.Fees["juminhyo"]);

        await RefuseWritesAsync(false);
        var changed = await municipality.Configure(before with { Fees = new Dictionary<string, int> { ["juminhyo"] = 300 } });
        Assert.Equal((before.Version + 1, 300), (changed.Version, changed.Fees["juminhyo"]));
    }
}
