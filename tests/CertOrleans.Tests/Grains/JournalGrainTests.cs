using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Residents;
using CertOrleans.Tests.Infrastructure;

namespace CertOrleans.Tests.Grains;

public sealed class JournalGrainTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Pseudonyms_asked_for_at_once_on_a_fresh_journal_share_one_secret_that_still_opens_after_reactivation(string kind)
    {
        // The fault test found this: the first pseudonyms, asked for together, each stored a new secret, and the state
        // was left bound to a row version it did not have.
        await using var host = await TestClusterHost.StartAsync(TestStore.Create(kind));
        var journal = host.Grains.GetGrain<IJournalGrain>(JournalNames.For("092011"));
        var residents = Enumerable.Range(1, 20).Select(i => new ResidentKey("092011", $"{i}")).ToList();
        var first = await Task.WhenAll(residents.Select(journal.Pseudonym));
        Assert.Equal(20, first.Distinct().Count());

        await host.Cluster.DeactivateAsync(journal);
        var again = await Task.WhenAll(residents.Select(journal.Pseudonym));
        Assert.Equal(first, again);
    }
}
