using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Terminals;
using Microsoft.Extensions.DependencyInjection;
using CertOrleans.Storage;

namespace CertOrleans.Tests.Storage;

public sealed class PersistenceTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Residents_cards_and_terminals_survive_a_silo_restart(string kind)
    {
        var residents = Enumerable.Range(0, 20).Select(i => TestResidents.Make(i, "5")).ToList();
        var store = TestStore.Create(kind);
        await using (var first = await TestClusterHost.StartAsync(store))
        {
            foreach (var r in residents) await first.Grains.GetGrain<IResidentGrain>(r.Key.GrainKey).Apply(r);
            await first.Grains.GetGrain<ICardGrain>("card-ABC123").Link(residents[0].Key, "test");
            await first.Grains.GetGrain<ITerminalGrain>("kiosk-p").Register(new TerminalRegistration("Op", "Store"), "test");
            await first.Grains.GetGrain<ITerminalGrain>("kiosk-p").Suspend("test");
        }

        await using var second = await TestClusterHost.StartAsync(store);
        foreach (var r in residents)
        {
            var prepared = await second.Grains.GetGrain<IResidentGrain>(r.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26));
            Assert.Null(prepared.RefusalCode);
            Assert.Equal(r, prepared.Data);
        }
        var card = await second.Grains.GetGrain<ICardGrain>("card-ABC123").GetStatus();
        Assert.Equal(residents[0].Key, card.Resident);
        var terminal = await second.Grains.GetGrain<ITerminalGrain>("kiosk-p").GetStatus();
        Assert.True(terminal is { Known: true, Suspended: true });
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Numeric_looking_municipality_codes_do_not_collide_in_storage(string kind)
    {
        // "092011" and "92011" would collide if keys were parsed as numbers; ours carry a letter prefix.
        await using var host = await TestClusterHost.StartAsync(TestStore.Create(kind));
        var a = TestResidents.Make(1, "1") with { Key = new ResidentKey("092011", "1") };
        var b = TestResidents.Make(2, "1") with { Key = new ResidentKey("092011", "01") };
        await host.Grains.GetGrain<IResidentGrain>(a.Key.GrainKey).Apply(a);
        await host.Grains.GetGrain<IResidentGrain>(b.Key.GrainKey).Apply(b);
        await host.Cluster.DeactivateAsync(host.Grains.GetGrain<IResidentGrain>(a.Key.GrainKey));
        var read = await host.Grains.GetGrain<IResidentGrain>(a.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26));
        Assert.Equal(a.FamilyName + a.GivenName, read.Data!.FamilyName + read.Data.GivenName);

        var relational = host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>();
        await using var connection = await relational.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE grain_type LIKE '%resident%'";
        Assert.Equal(2L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Older_or_repeated_registry_versions_never_overwrite_newer_data(string kind)
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Create(kind));
        var v1 = TestResidents.Make(3, "2");
        var v2 = v1 with { SourceVersion = 2, Address = "栃木県宇都宮市本町9番9号" };
        var grain = host.Grains.GetGrain<IResidentGrain>(v1.Key.GrainKey);

        Assert.Equal(ApplyOutcome.Applied, await grain.Apply(v1));
        Assert.Equal(ApplyOutcome.Applied, await grain.Apply(v2));
        Assert.Equal(ApplyOutcome.Duplicate, await grain.Apply(v2));
        Assert.Equal(ApplyOutcome.Stale, await grain.Apply(v1));
        Assert.Equal(ApplyOutcome.Stale, await grain.Apply(v2 with { Address = "別の住所" }));

        await host.Cluster.DeactivateAsync(grain);
        var read = await grain.Prepare(CertificateType.ResidentRecordCopy, new DateOnly(2026, 11, 26));
        Assert.Equal("栃木県宇都宮市本町9番9号", read.Data!.Address);
    }
}
