using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Pki.Verification;
using CertOrleans.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CertOrleans.Tests.Journal;

/// <summary>
/// The act and its record together: the grain that makes an administrative change journals it, with no help from
/// the gateway, and the record cannot be lost between the two, even when the journal cannot be written at that moment.
/// </summary>
public sealed class AdministrativeActTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_grain_that_makes_an_act_journals_it_once_even_when_the_journal_is_down_at_that_moment(string kind)
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Create(kind));
        var terminal = host.Grains.GetGrain<ITerminalGrain>("kiosk-act-0001");
        var cluster = host.Grains.GetGrain<IJournalGrain>(JournalNames.For(JournalNames.ClusterChain));
        async Task<List<AdministrativeBody>> ActsAsync(string kindOfAct) =>
            (await cluster.Export()).Entries.Where(e => e.Kind == kindOfAct).Select(e => JournalJson.Read<AdministrativeBody>(e.Body)!)
                .Where(b => b.Subject == "terminal kiosk-act-0001").ToList();

        // Called on the grain alone (no gateway that could die in between): the act is on record with it.
        await terminal.Register(new TerminalRegistration("Act Mart", "Act Mart 1"), "cluster-operator-0a0b0c0d");
        var registered = Assert.Single(await ActsAsync(JournalKinds.TerminalRegistered));
        Assert.Equal(("cluster-operator-0a0b0c0d", "Act Mart"), (registered.Actor, registered.Details["storeOperator"]));

        // The journal cannot be written when the terminal is suspended: the suspension stands, and its entry waits in
        // the terminal's own stored state, written in the same write as the suspension.
        var store = host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>();
        await RenameAsync(store, "journal_entries", "journal_entries_away");
        try
        {
            await terminal.Suspend("cluster-operator-0a0b0c0d");
            Assert.True((await terminal.GetStatus()).Suspended);
        }
        finally
        {
            await RenameAsync(store, "journal_entries_away", "journal_entries");
        }

        // As if its silo had died before appending: a new activation appends it, once, and the chain still verifies.
        await host.Cluster.DeactivateAsync(terminal);
        Assert.True((await terminal.GetStatus()).Suspended);
        Assert.Equal("cluster-operator-0a0b0c0d", Assert.Single(await ActsAsync(JournalKinds.TerminalSuspended)).Actor);
        await host.Cluster.DeactivateAsync(terminal);
        await terminal.Resume("cluster-operator-0a0b0c0d");
        Assert.Single(await ActsAsync(JournalKinds.TerminalSuspended));
        Assert.Single(await ActsAsync(JournalKinds.TerminalResumed));
        var verification = JournalVerifier.Verify(await cluster.Export());
        Assert.True(verification.Valid, verification.Finding);
    }

    private static async Task RenameAsync(RelationalStore store, string from, string to)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"ALTER TABLE {from} RENAME TO {to}";
        await command.ExecuteNonQueryAsync();
    }
}
