using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CertOrleans.Admin.Verification;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Signing;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Journal;

/// <summary>
/// Proofs that hold against whoever runs the servers: a bundle is checked against the journal keys the city pinned
/// and the heads its own witness cosigned, never only against the keys and checkpoints the bundle brings along. Each
/// tamper here was "intact, exit 0" before.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class JournalEvidenceTests(GatewayFixture fixture)
{
    private const string Chain = "092011";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    private async Task<JournalBundle> BundleAsync(long after = 0) =>
        (await Admin().GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/{Chain}/journal/bundle?after={after}", Json))!;

    /// <summary>What `journal pin` does at onboarding; an export first, so the chain has signed with its first key.</summary>
    private async Task<List<PinnedJournalKey>> PinAsync()
    {
        await BundleAsync();
        return (await Admin().GetFromJsonAsync<List<PublishedKey>>($"admin/v1/municipalities/{Chain}/journal/keys", Json))!
            .Select(k => new PinnedJournalKey(k.KeyId, k.SubjectPublicKeyInfo)).ToList();
    }

    private async Task PrintAsync(int people)
    {
        foreach (var (_, card) in await fixture.NewResidentsWithCardsAsync(people)) await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Chain, "juminhyo");
    }

    /// <summary>The city's witness cosigns the chain as it is now (first run, or extending its last head).</summary>
    private async Task<WitnessCosignature> WitnessAsync(ECDsa witness, WitnessCosignature? last, IReadOnlyList<PinnedJournalKey> pinned)
    {
        var decision = JournalWitness.Decide(Chain, last, await BundleAsync(Math.Max(0, (last?.Sequence ?? 1) - 1)), pinned);
        Assert.False(decision.Refused, decision.Finding);
        return JournalWitness.Cosign(decision.Head!, witness, DateTimeOffset.UtcNow);
    }

    private static (string Finding, int Exit) Verify(JournalBundle bundle, JournalEvidence evidence) =>
        OfflineJournal.Verify(JsonSerializer.Serialize(bundle, Json), evidence);

    [Fact]
    public async Task Truncated_rewritten_and_unsigned_bundles_are_refused_with_what_the_city_holds_and_a_bare_bundle_is_only_self_consistent()
    {
        await PrintAsync(2);
        var pinned = await PinAsync();
        using var witness = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cosigned = await WitnessAsync(witness, null, pinned);
        var bundle = await BundleAsync();
        var held = new JournalEvidence(pinned, [cosigned]);

        var (finding, exit) = Verify(bundle, held);
        Assert.Equal(OfflineJournal.Verified, exit);
        Assert.Contains($"witnessed through entry {cosigned.Sequence}", finding);
        (finding, exit) = Verify(bundle, new JournalEvidence());
        Assert.Equal(OfflineJournal.SelfConsistentOnly, exit);
        Assert.StartsWith("self-consistent only", finding);

        // Truncated: the last two entries dropped with their checkpoints. The bundle alone still holds together.
        var cut = bundle.Entries[^3].Sequence;
        var truncated = bundle with { Entries = bundle.Entries.SkipLast(2).ToList(), Checkpoints = bundle.Checkpoints.Where(c => c.Sequence <= cut).ToList() };
        Assert.True(JournalVerifier.Verify(truncated).Valid);
        (finding, exit) = Verify(truncated, new JournalEvidence(Cosignatures: [cosigned]));
        Assert.Equal(OfflineJournal.Truncated, exit);
        Assert.Contains($"ends at entry {cut}, but witness {cosigned.Witness} cosigned entry {cosigned.Sequence}", finding);

        // Rewritten: an early entry changed, every later hash recomputed, every checkpoint re-signed with a new key
        // placed in the bundle's keys. Self-consistent, and refused by either piece of evidence.
        var forged = Rewrite(bundle, bundle.Entries[1].Sequence);
        Assert.True(JournalVerifier.Verify(forged).Valid);
        (finding, exit) = Verify(forged, new JournalEvidence(PinnedKeys: pinned));
        Assert.Equal(OfflineJournal.BadCheckpoint, exit);
        Assert.Contains("not a key the city pinned", finding);
        (finding, exit) = Verify(forged, new JournalEvidence(Cosignatures: [cosigned]));
        Assert.Equal(OfflineJournal.Forked, exit);
        Assert.Contains($"entry {cosigned.Sequence} is not the one witness {cosigned.Witness} cosigned", finding);

        // A made-up part of the chain that no checkpoint signs is no proof at all, evidence or not.
        var statement = bundle with { Entries = bundle.Entries.TakeLast(3).ToList(), Checkpoints = [] };
        Assert.Equal(OfflineJournal.BadCheckpoint, Verify(statement, new JournalEvidence()).Exit);
        // Nor is a checkpoint that names an entry the bundle does not hold.
        var past = bundle with { Entries = bundle.Entries.SkipLast(1).ToList() };
        (finding, exit) = Verify(past, new JournalEvidence(PinnedKeys: pinned));
        Assert.Equal(OfflineJournal.BadCheckpoint, exit);
        Assert.Contains("past the bundle's last entry", finding);
    }

    [Fact]
    public async Task A_deletion_statement_fetched_through_the_witnessed_head_verifies_against_the_witness_and_a_bare_one_is_not_anchored()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Chain, "juminhyo");
        await BundleAsync(); // a checkpoint right after the statement
        await PrintAsync(1);
        var pinned = await PinAsync();
        using var witness = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cosigned = await WitnessAsync(witness, null, pinned);
        var held = new JournalEvidence(pinned, [cosigned]);

        var url = $"admin/v1/municipalities/{Chain}/journal/deletions/{printed.Document.CertificateNumber}";
        var through = (await Admin().GetFromJsonAsync<JournalBundle>($"{url}?through={cosigned.Sequence}", Json))!;
        Assert.Equal(JournalKinds.Deletion, through.Entries[0].Kind);
        Assert.Equal(cosigned.Sequence, through.Entries[^1].Sequence);
        var (finding, exit) = Verify(through, held);
        Assert.Equal(OfflineJournal.Verified, exit);
        Assert.Contains("a part of the chain", finding);

        // The short proof ends at the first checkpoint after the statement, before the witnessed head: nothing the
        // witness saw ties it to the chain.
        var shortProof = (await Admin().GetFromJsonAsync<JournalBundle>(url, Json))!;
        Assert.True(shortProof.Entries[^1].Sequence < cosigned.Sequence);
        Assert.Equal(OfflineJournal.NotWitnessed, Verify(shortProof, held).Exit);
        Assert.Equal(OfflineJournal.Verified, Verify(shortProof, new JournalEvidence(PinnedKeys: pinned)).Exit);
        // A statement rewritten along with its run, re-signed with a key of the forger's: refused with the pinned keys.
        Assert.Equal(OfflineJournal.BadCheckpoint, Verify(Rewrite(shortProof, shortProof.Entries[0].Sequence), new JournalEvidence(PinnedKeys: pinned)).Exit);
    }

    [Fact]
    public async Task The_witness_cosigns_only_a_head_that_extends_the_last_one_and_the_service_shows_how_far_it_is_witnessed()
    {
        await PrintAsync(1);
        var pinned = await PinAsync();
        using var witness = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var whole = await BundleAsync();
        var decided = JournalWitness.Decide(Chain, null, whole, pinned);
        var first = JournalWitness.Cosign(decided.Head!, witness, DateTimeOffset.UtcNow);
        // The same chain again: nothing new to cosign, and nothing refused. (Through the API the chain always moves:
        // every export, the witness's own included, is a read on record.)
        var same = whole with { Entries = whole.Entries.Where(e => e.Sequence >= first.Sequence).ToList(), Checkpoints = whole.Checkpoints.Where(c => c.Sequence >= first.Sequence).ToList() };
        var again = JournalWitness.Decide(Chain, first, same, pinned);
        Assert.False(again.Refused, again.Finding);
        Assert.Null(again.Head);

        await PrintAsync(1);
        var delta = await BundleAsync(first.Sequence - 1);
        Assert.Equal(first.Sequence, delta.Entries[0].Sequence);
        var second = JournalWitness.Decide(Chain, first, delta, pinned);
        Assert.False(second.Refused, second.Finding);
        Assert.True(second.Head!.Sequence > first.Sequence);

        // A fork: the witnessed entry itself rewritten (and everything after re-hashed, re-signed by the forger).
        var fork = JournalWitness.Decide(Chain, first, Rewrite(delta, first.Sequence), pinned);
        Assert.True(fork.Refused);
        Assert.Contains($"entry {first.Sequence} is not the one witnessed", fork.Finding);
        // A rewrite after the witnessed entry, re-signed with a key the city never pinned.
        var resigned = JournalWitness.Decide(Chain, first, Rewrite(delta, first.Sequence + 1), pinned);
        Assert.True(resigned.Refused);
        Assert.Contains("not a key the city pinned", resigned.Finding);
        // Cut back to before the witnessed entry.
        var cut = JournalWitness.Decide(Chain, first, delta with { Entries = [], Checkpoints = [] }, pinned);
        Assert.True(cut.Refused);
        Assert.Contains("no longer in the chain", cut.Finding);

        // Posted back, the cosignature is journaled and the service says how far the chain is witnessed.
        var cosignature = JournalWitness.Cosign(second.Head!, witness, DateTimeOffset.UtcNow);
        var posted = await Admin().PostAsJsonAsync($"admin/v1/municipalities/{Chain}/journal/witnesses", cosignature, Json);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var witnessed = (await Admin().GetFromJsonAsync<List<WitnessCosignature>>($"admin/v1/municipalities/{Chain}/journal/witnesses", Json))!;
        Assert.Contains(witnessed, w => w.Witness == cosignature.Witness && w.Sequence == cosignature.Sequence);
        // A cosignature of a head this chain does not hold, or not signed by its witness key, is refused.
        var wrongHead = JournalWitness.Cosign(second.Head! with { Hash = new string('a', 64) }, witness, DateTimeOffset.UtcNow);
        await TerminalApiTests.AssertProblem(await Admin().PostAsJsonAsync($"admin/v1/municipalities/{Chain}/journal/witnesses", wrongHead, Json), HttpStatusCode.Conflict, "witness-mismatch");
        var unsigned = cosignature with { Signature = Convert.ToBase64String(new byte[64]) };
        await TerminalApiTests.AssertProblem(await Admin().PostAsJsonAsync($"admin/v1/municipalities/{Chain}/journal/witnesses", unsigned, Json), HttpStatusCode.Conflict, "witness-mismatch");
    }

    [Fact]
    public async Task A_rotated_journal_key_is_trusted_through_the_old_keys_certification_and_not_without_it()
    {
        await PrintAsync(1);
        await BundleAsync();
        var pinned = await PinAsync();
        Assert.Equal(HttpStatusCode.OK, (await Admin().PostAsync($"admin/v1/municipalities/{Chain}/journal/keys/rotate", null)).StatusCode);
        await PrintAsync(1);
        var bundle = await BundleAsync();
        var newest = bundle.Keys.MaxBy(k => k.KeyId)!;
        Assert.Equal(newest.KeyId, bundle.Checkpoints[^1].KeyId);
        Assert.DoesNotContain(pinned, p => p.KeyId == newest.KeyId);

        var (finding, exit) = Verify(bundle, new JournalEvidence(PinnedKeys: pinned));
        Assert.Equal(OfflineJournal.Verified, exit);
        Assert.Contains("by certified rotation", finding);

        // The same key with its certification broken (or claimed by a key the city never pinned) is not followed.
        var broken = bundle with { Keys = bundle.Keys.Select(k => k.KeyId == newest.KeyId ? k with { Certification = Convert.ToBase64String(new byte[64]) } : k).ToList() };
        Assert.Equal(OfflineJournal.BadCheckpoint, Verify(broken, new JournalEvidence(PinnedKeys: pinned)).Exit);
    }

    /// <summary>What an operator with the database and a signing key of their own can make: the chain from <paramref name="from"/> rewritten, re-hashed and re-signed.</summary>
    private static JournalBundle Rewrite(JournalBundle bundle, long from)
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var entries = new List<JournalEntry>();
        foreach (var entry in bundle.Entries)
        {
            var previous = entries.Count == 0 ? entry.PreviousHash : entries[^1].Hash;
            var body = entry.Sequence == from ? entry.Body.Replace("Printed", "Cancelled", StringComparison.Ordinal) + " " : entry.Body;
            entries.Add(entry.Sequence < from ? entry : entry with
            {
                Body = body,
                PreviousHash = previous,
                Hash = JournalEntry.ComputeHash(entry.Chain, entry.Sequence, entry.Kind, entry.RecordedAt, body, previous),
            });
        }
        var keyIds = bundle.Checkpoints.Select(c => c.KeyId).Distinct().ToList();
        var checkpoints = bundle.Checkpoints.Select(c =>
        {
            var hash = entries.FirstOrDefault(e => e.Sequence == c.Sequence)?.Hash ?? c.Hash;
            var signature = forger.SignData(JournalCheckpoint.SignedBytes(c.Chain, c.Sequence, hash, c.SignedAt, c.KeyId), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return c with { Hash = hash, Signature = Convert.ToBase64String(signature) };
        }).ToList();
        var keys = keyIds.Select(id => new PublishedKey(id, forger.ExportSubjectPublicKeyInfo(), "Active", DateTimeOffset.UtcNow)).ToList();
        return bundle with { Entries = entries, Checkpoints = checkpoints, Keys = keys };
    }
}
