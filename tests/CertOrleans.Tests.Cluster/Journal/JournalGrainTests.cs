using Microsoft.Extensions.DependencyInjection;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Tests.Journal;

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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_row_inserted_with_database_access_alone_is_never_signed_and_the_refusal_is_journaled(string kind)
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Create(kind));
        var journal = host.Grains.GetGrain<IJournalGrain>(JournalNames.For("092011"));
        var act = new AdministrativeEvent("test", "subject", new Dictionary<string, string>());
        var genuine = await journal.Record(JournalKinds.ConfigurationChanged, act);
        Assert.Equal(genuine.Sequence, (await journal.Checkpoint())!.Sequence);

        // What the silos' database role can do: a well-formed, correctly linked entry, and the head moved onto it.
        var body = "{\"requestId\":\"made-up\",\"certificateNumber\":\"092011-20261207-FORGED0001\",\"terminalId\":\"t\",\"fee\":300,\"actor\":\"x\"}";
        var forged = new JournalEntry("092011", genuine.Sequence + 1, JournalKinds.RefundSettled, genuine.RecordedAt, body, genuine.Hash,
            JournalEntry.ComputeHash("092011", genuine.Sequence + 1, JournalKinds.RefundSettled, genuine.RecordedAt, body, genuine.Hash));
        var store = host.Cluster.GetSiloServiceProvider().GetRequiredService<CertOrleans.Storage.RelationalStore>();
        await using (var connection = await store.OpenAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO journal_entries (chain, seq, kind, recorded_at, body, prev_hash, hash) VALUES ('092011', @seq, @kind, @at, @body, @prev, @hash)";
            foreach (var (name, value) in new (string, object)[] { ("seq", forged.Sequence), ("kind", forged.Kind), ("at", forged.RecordedAt), ("body", forged.Body), ("prev", forged.PreviousHash), ("hash", forged.Hash) })
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                insert.Parameters.Add(parameter);
            }
            await insert.ExecuteNonQueryAsync();
            await using var head = connection.CreateCommand();
            head.CommandText = $"UPDATE journal_heads SET seq = {forged.Sequence}, hash = '{forged.Hash}' WHERE chain = '092011'";
            await head.ExecuteNonQueryAsync();
        }
        // A silo's own entry after it does not launder it.
        var after = await journal.Record(JournalKinds.ConfigurationChanged, act);
        Assert.Equal(forged.Sequence + 1, after.Sequence);

        Assert.Equal(genuine.Sequence, (await journal.Checkpoint())!.Sequence);
        var bundle = await journal.Export();
        Assert.DoesNotContain(bundle.Checkpoints, c => c.Sequence >= forged.Sequence);
        Assert.Contains($"entries after {genuine.Sequence} are linked but not yet signed", CertOrleans.Pki.Verification.JournalVerifier.Verify(bundle).Finding);

        var refusal = (await host.Grains.GetGrain<IJournalGrain>(JournalNames.For(JournalNames.ClusterChain)).Export()).Entries.Single(e => e.Kind == JournalKinds.CheckpointRefused);
        var details = JournalJson.Read<AdministrativeBody>(refusal.Body)!.Details;
        Assert.Equal("092011", details["chain"]);
        Assert.Equal(forged.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), details["sequence"]);
        Assert.Contains("not written by a silo", details["reason"]);
    }
}
