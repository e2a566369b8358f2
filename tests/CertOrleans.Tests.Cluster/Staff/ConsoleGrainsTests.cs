using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Sessions;

namespace CertOrleans.Tests.Staff;

/// <summary>What the console's grains keep outlives an activation: spent codes, failures, the cookie key ring, the switches' version and notices.</summary>
public sealed class ConsoleGrainsTests
{
    [Fact]
    public async Task A_spent_code_and_recent_failures_survive_reactivation_and_a_lock_ends_after_its_window()
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Sqlite());
        var record = host.Grains.GetGrain<IConsoleSignInGrain>(ConsoleSignInKeys.For("kato"));
        Assert.True(await record.Accept(100));
        // The same step, or an older one, is spent: each such try counts as a failure.
        Assert.False(await record.Accept(100));
        Assert.False(await record.Accept(99));
        for (var i = 0; i < 2; i++) await record.Failed();
        Assert.Null(await record.LockedUntil());
        await record.Failed();
        var until = await record.LockedUntil();
        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromMinutes(15), until);

        await host.Cluster.DeactivateAsync(record);
        Assert.Equal(until, await record.LockedUntil());
        Assert.False(await record.Accept(100));

        await host.AdvanceAsync(TimeSpan.FromMinutes(15));
        Assert.Null(await record.LockedUntil());
        Assert.True(await record.Accept(101));
    }

    [Fact]
    public async Task The_cookie_key_ring_outlives_its_activation_and_a_key_stored_again_replaces_its_element()
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Sqlite());
        var ring = host.Grains.GetGrain<IConsoleKeyRingGrain>(IConsoleKeyRingGrain.Key);
        await ring.Store("key-1", "<key id=\"1\"><value>first</value></key>");
        await ring.Store("key-2", "<key id=\"2\"><value>second</value></key>");
        await ring.Store("key-1", "<key id=\"1\"><value>revoked</value></key>");

        await host.Cluster.DeactivateAsync(ring);
        Assert.Equal(["<key id=\"2\"><value>second</value></key>", "<key id=\"1\"><value>revoked</value></key>"], await ring.GetElements());
    }

    [Fact]
    public async Task The_switches_version_and_each_citys_notice_outlive_the_activation()
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Sqlite());
        var switches = host.Grains.GetGrain<IServiceSwitchGrain>(0);
        await switches.SetMunicipality("092011", true, "宇都宮市の理由", 0, "test");
        await switches.SetMunicipality("132012", true, "八王子市の理由", 1, "test");

        await host.Cluster.DeactivateAsync(switches);
        var read = await switches.Get();
        Assert.Equal(2, read.Version);
        Assert.Equal(("宇都宮市の理由", "八王子市の理由"), (read.NoticeFor("092011"), read.NoticeFor("132012")));
        var stale = await Assert.ThrowsAsync<Contracts.Requests.IssuanceException>(() => switches.SetMunicipality("092011", false, "復旧", 1, "test"));
        Assert.Equal(Contracts.Requests.ErrorCodes.SwitchesChanged, stale.Code);
    }
}
