using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Tests.Journal;

/// <summary>
/// The journal a city can trust: every request's end and every administrative act chained per municipality,
/// checkpoints signed with the journal key, a deletion statement per request, and an offline verifier that names
/// the first bad entry and what was done to it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class JournalTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    private async Task<JournalBundle> BundleAsync() =>
        (await Admin().GetFromJsonAsync<JournalBundle>("admin/v1/municipalities/092011/journal/bundle", Json))!;

    private static RequestEndedBody Ended(JournalBundle bundle, string certificateNumber) =>
        bundle.Entries.Where(e => e.Kind == JournalKinds.RequestEnded).Select(e => JournalJson.Read<RequestEndedBody>(e.Body)!).Single(b => b.CertificateNumber == certificateNumber);

    [Fact]
    public async Task A_printed_certificate_is_on_the_chain_with_its_payment_and_holder_and_its_deletion_statement_verifies_offline()
    {
        var (holder, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");

        var bundle = await BundleAsync();
        var verification = JournalVerifier.Verify(bundle);
        Assert.True(verification.Valid, verification.Finding);
        Assert.False(verification.Partial);
        Assert.Equal(bundle.Entries[^1].Sequence, verification.CheckpointedThrough);
        var ended = Ended(bundle, printed.Document.CertificateNumber);
        Assert.Equal("Printed", ended.Outcome);
        Assert.StartsWith("cash-", ended.PaymentReference);
        Assert.Matches("^[0-9a-f]{32}$", ended.Holder);

        // The statement alone, with the entries that tie it to a signed checkpoint: verified with the same verifier.
        var statement = (await Admin().GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/092011/journal/deletions/{printed.Document.CertificateNumber}", Json))!;
        var proof = JournalVerifier.Verify(statement);
        Assert.True(proof.Valid, proof.Finding);
        Assert.True(proof.Partial);
        Assert.Equal(JournalKinds.Deletion, statement.Entries[0].Kind);
        var deletion = JournalJson.Read<DeletionStatement>(statement.Entries[0].Body)!;
        Assert.Equal(printed.RequestId, deletion.RequestId);
        Assert.Equal([BufferCategories.Challenge, BufferCategories.CardCertificate, BufferCategories.ResidentData, BufferCategories.Document], deletion.Held);
        Assert.Equal(deletion.Held.Order(), deletion.Zeroed.Select(z => z.Category).Order());
        Assert.Contains("own buffers only", deletion.Attests);

        // Nothing that names the holder in any entry: not the card, not the resident number, not the name.
        Assert.DoesNotContain(bundle.Entries, e => e.Body.Contains(card.Certificate.SerialNumber, StringComparison.OrdinalIgnoreCase)
            || e.Body.Contains(holder.Key.GrainKey, StringComparison.Ordinal) || e.Body.Contains(holder.FamilyName, StringComparison.Ordinal));

        var unknown = await Admin().GetAsync("admin/v1/municipalities/092011/journal/deletions/092011-20260101-NOSUCHNUMBER");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_verifier_names_the_first_bad_entry_and_whether_it_was_altered_removed_reordered_or_inserted()
    {
        var people = await fixture.NewResidentsWithCardsAsync(3);
        foreach (var (_, card) in people) await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");
        var bundle = await BundleAsync();
        Assert.True(JournalVerifier.Verify(bundle).Valid);
        var entries = bundle.Entries.ToList();
        var k = entries.Count - 5;
        var target = entries[k];

        // Altered: an ended request's outcome changed from printed to cancelled (its hash left as it was).
        var altered = entries.ToList();
        altered[k] = target with { Body = target.Body + " " };
        Expect(JournalVerifier.Verify(bundle with { Entries = altered }), JournalTampering.Altered, target.Sequence);

        // Altered and re-hashed: the next entry's link gives it away.
        var rehashed = entries.ToList();
        var body = target.Body.Replace("\"", "'", StringComparison.Ordinal);
        rehashed[k] = target with { Body = body, Hash = JournalEntry.ComputeHash(target.Chain, target.Sequence, target.Kind, target.RecordedAt, body, target.PreviousHash) };
        Expect(JournalVerifier.Verify(bundle with { Entries = rehashed }), JournalTampering.Altered, target.Sequence);

        // Removed.
        var removed = entries.ToList();
        removed.RemoveAt(k);
        Expect(JournalVerifier.Verify(bundle with { Entries = removed }), JournalTampering.Removed, target.Sequence);

        // Reordered: two neighbours swapped.
        var reordered = entries.ToList();
        (reordered[k], reordered[k + 1]) = (reordered[k + 1], reordered[k]);
        Expect(JournalVerifier.Verify(bundle with { Entries = reordered }), JournalTampering.Reordered, target.Sequence);

        // Inserted: a made-up entry that links to the one before it and carries the next number.
        var inserted = entries.ToList();
        var before = entries[k - 1];
        var forgedBody = "{\"requestId\":\"made-up\",\"outcome\":\"Printed\"}";
        inserted.Insert(k, new JournalEntry(before.Chain, target.Sequence, JournalKinds.RequestEnded, target.RecordedAt, forgedBody, before.Hash,
            JournalEntry.ComputeHash(before.Chain, target.Sequence, JournalKinds.RequestEnded, target.RecordedAt, forgedBody, before.Hash)));
        Expect(JournalVerifier.Verify(bundle with { Entries = inserted }), JournalTampering.Inserted, target.Sequence);

        // A checkpoint signed by anyone else does not count.
        var checkpoint = bundle.Checkpoints[^1];
        var forged = bundle with { Checkpoints = [.. bundle.Checkpoints.SkipLast(1), checkpoint with { Signature = Convert.ToBase64String(new byte[64]) }] };
        Expect(JournalVerifier.Verify(forged), JournalTampering.BadCheckpoint, checkpoint.Sequence);

        // The offline command reads the bundle as the API wrote it, and says the same.
        var (output, exit) = CertOrleans.Admin.Verification.OfflineJournal.Verify(JsonSerializer.Serialize(bundle with { Entries = removed }, Json));
        Assert.Equal(4, exit);
        Assert.Contains($"entry {target.Sequence} was removed", output);
        // With nothing the city holds, an intact bundle is only self-consistent, and says so with its own exit code.
        (output, exit) = CertOrleans.Admin.Verification.OfflineJournal.Verify(await Admin().GetStringAsync("admin/v1/municipalities/092011/journal/bundle"));
        Assert.Equal(CertOrleans.Admin.Verification.OfflineJournal.SelfConsistentOnly, exit);
        Assert.StartsWith("self-consistent only: intact", output);
    }

    private static void Expect(JournalVerification verification, JournalTampering kind, long sequence)
    {
        Assert.False(verification.Valid);
        Assert.Equal(kind, verification.Tampering);
        Assert.Equal(sequence, verification.FirstBadSequence);
    }

    [Fact]
    public async Task A_holder_sees_their_own_history_at_the_kiosk_and_the_city_alone_can_say_who_obtained_a_certificate()
    {
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var first = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");
        var second = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        var third = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo", showHistory: true);

        var history = third.History!.Where(h => h.Outcome != IssuanceHistoryItem.RecordsRead).ToList();
        Assert.Equal([second.Document.CertificateNumber, first.Document.CertificateNumber], history.Select(h => h.CertificateNumber));
        Assert.Equal(["PrintFailed", "Printed"], history.Select(h => h.Outcome));
        Assert.All(history, h => Assert.Equal("Test Mart", h.StoreOperator));

        var holder = await Admin().GetFromJsonAsync<JsonElement>($"admin/v1/municipalities/092011/journal/certificates/{first.Document.CertificateNumber}/holder?purpose=resident-request");
        Assert.Equal(resident.Key.ResidentNumber, holder.GetProperty("residentNumber").GetString());
        var issued = await Admin().GetFromJsonAsync<List<IssuanceHistoryItem>>($"admin/v1/municipalities/092011/journal/residents/{resident.Key.ResidentNumber}/issuances?purpose=resident-request", Json);
        Assert.Equal(3, issued!.Count);
        var onCard = await Admin().GetFromJsonAsync<List<IssuanceHistoryItem>>($"admin/v1/cards/{card.Certificate.SerialNumber}/issuances?purpose=resident-request", Json);
        Assert.Equal(issued.Select(i => i.CertificateNumber), onCard!.Select(i => i.CertificateNumber));

        // The registry's key is not an administrator's: it cannot ask who obtained what.
        var registry = await fixture.BearerClient(GatewayFixture.RegistryKey).GetAsync($"admin/v1/municipalities/092011/journal/certificates/{first.Document.CertificateNumber}/holder?purpose=resident-request");
        Assert.Equal(HttpStatusCode.Unauthorized, registry.StatusCode);
    }

    [Fact]
    public async Task A_refund_is_due_when_a_paid_print_fails_and_is_settled_once_with_the_operators_reference()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var failed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        var number = failed.Document.CertificateNumber;
        var due = (await BundleAsync()).Entries.Single(e => e.Kind == JournalKinds.RefundDue && JournalJson.Read<RefundBody>(e.Body)!.CertificateNumber == number);
        Assert.Equal(failed.Order.Fee, JournalJson.Read<RefundBody>(due.Body)!.Fee);

        var settle = await Admin().PostAsJsonAsync($"admin/v1/municipalities/092011/journal/refunds/{number}/settle", new { operatorReference = "TM-REFUND-0042" });
        Assert.Equal(HttpStatusCode.OK, settle.StatusCode);
        var again = await Admin().PostAsJsonAsync($"admin/v1/municipalities/092011/journal/refunds/{number}/settle", new { operatorReference = "TM-REFUND-0043" });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var settled = (await BundleAsync()).Entries.Where(e => e.Kind == JournalKinds.RefundSettled).Select(e => JournalJson.Read<RefundBody>(e.Body)!).Single(b => b.CertificateNumber == number);
        Assert.Equal("TM-REFUND-0042", settled.OperatorReference);
        Assert.StartsWith("cluster-operator-", settled.Actor);
    }

    [Fact]
    public async Task Administrative_acts_are_chained_with_the_key_that_made_them()
    {
        var rotate = await Admin().PostAsync("admin/v1/municipalities/092011/keys/rotate", null);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var entry = (await BundleAsync()).Entries.Last(e => e.Kind == JournalKinds.IssuingKeyRotated);
        var body = JournalJson.Read<AdministrativeBody>(entry.Body)!;
        Assert.StartsWith("cluster-operator-", body.Actor);
        Assert.StartsWith("issuing key ", body.Subject);
    }
}
