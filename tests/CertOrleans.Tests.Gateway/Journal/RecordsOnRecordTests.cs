using CertOrleans.Contracts.Time;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Reports;
using CertOrleans.Gateway.Apis;
using CertOrleans.Kiosk;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Journal;

/// <summary>
/// What the journal puts on record besides requests: every read of personal data with who and why (and the holder sees
/// it), the build of every process start with the requests it served, and the terminal's own word on its copies.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RecordsOnRecordTests(GatewayFixture fixture)
{
    private const string Chain = "092011";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    private async Task<JournalBundle> BundleAsync() => (await Admin().GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/{Chain}/journal/bundle", Json))!;

    private async Task<CouncilReport> CouncilAsync()
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.InJapan().DateTime);
        return (await Admin().GetFromJsonAsync<CouncilReport>($"admin/v1/municipalities/{Chain}/reports/council?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}", Json))!;
    }

    [Fact]
    public async Task A_holder_lookup_needs_a_purpose_and_is_on_record_in_the_access_log_the_holders_history_and_the_council_report()
    {
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Chain, "juminhyo");
        var holderUrl = $"admin/v1/municipalities/{Chain}/journal/certificates/{printed.Document.CertificateNumber}/holder";
        var before = (await CouncilAsync()).Accesses ?? [];

        await TerminalApiTests.AssertProblem(await Admin().GetAsync(holderUrl), HttpStatusCode.BadRequest, "purpose-required");
        await TerminalApiTests.AssertProblem(await Admin().GetAsync(holderUrl + "?purpose=curiosity"), HttpStatusCode.BadRequest, "purpose-required");
        await TerminalApiTests.AssertProblem(await Admin().GetAsync($"admin/v1/municipalities/{Chain}/journal/residents/{resident.Key.ResidentNumber}/issuances"),
            HttpStatusCode.BadRequest, "purpose-required");
        var log = await Admin().GetFromJsonAsync<List<JournalEntry>>($"admin/v1/municipalities/{Chain}/journal/access-log", Json);
        Assert.DoesNotContain(log!, e => e.Body.Contains(printed.Document.CertificateNumber, StringComparison.Ordinal));

        var holder = await Admin().GetFromJsonAsync<JsonElement>(holderUrl + "?purpose=misuse-investigation");
        Assert.Equal(resident.Key.ResidentNumber, holder.GetProperty("residentNumber").GetString());

        // In the access log: who, which read, the purpose, the certificate; never the resident number.
        log = await Admin().GetFromJsonAsync<List<JournalEntry>>($"admin/v1/municipalities/{Chain}/journal/access-log", Json);
        var entry = log!.First(e => e.Body.Contains(printed.Document.CertificateNumber, StringComparison.Ordinal));
        var read = JournalJson.Read<AccessBody>(entry.Body)!;
        Assert.Equal((DataReads.HolderLookup, "misuse-investigation", "cluster-operator"), (read.Read, read.Purpose, read.Role));
        Assert.StartsWith("cluster-operator-", read.Actor);
        Assert.DoesNotContain(resident.Key.ResidentNumber, entry.Body, StringComparison.Ordinal);

        // The holder sees, at the kiosk, that the city looked them up, and why.
        var history = (await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Chain, "juminhyo", showHistory: true)).History!;
        var lookup = Assert.Single(history, h => h.Outcome == IssuanceHistoryItem.RecordsRead);
        Assert.Equal(("misuse-investigation", "不正利用の調査", "cluster-operator"), (lookup.Purpose, lookup.PurposeName, lookup.ReadByRole));
        Assert.Contains(history, h => h.CertificateNumber == printed.Document.CertificateNumber && h.Outcome == "Printed");

        // The council report counts it by role and purpose.
        int Count(IReadOnlyList<AccessCount> counts) => counts.Where(a => a.Role == "cluster-operator" && a.Purpose == "misuse-investigation").Sum(a => a.Count);
        Assert.Equal(Count(before) + 1, Count((await CouncilAsync()).Accesses!));
    }

    [Fact]
    public async Task Every_process_start_and_the_build_that_served_each_request_are_on_record_and_a_changed_byte_is_a_different_build()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Chain, "juminhyo");
        // The in-process silo and gateway run from this test's folder: their build is this folder's assemblies.
        var running = BuildManifest.Of(AppContext.BaseDirectory);

        List<DeploymentResource> deployments = [];
        for (var i = 0; i < 50 && !deployments.Any(d => d.Process == "gateway"); i++, await Task.Delay(100))
            deployments = (await Admin().GetFromJsonAsync<List<DeploymentResource>>("admin/v1/deployments", Json))!;
        var silo = deployments.First(d => d.Process == "silo");
        Assert.Contains(deployments, d => d.Process == "gateway" && d.Build == running.Digest);
        Assert.Equal(running.Digest, silo.Build);
        Assert.Empty(running.Differences(new BuildManifest(silo.Version, silo.Commit, silo.Assemblies)));
        Assert.Matches("^[0-9a-f]{64}$", silo.Configuration);

        // The request's end and its deletion statement name the silo's deployment entry.
        var bundle = await BundleAsync();
        var ended = bundle.Entries.Where(e => e.Kind == JournalKinds.RequestEnded).Select(e => JournalJson.Read<RequestEndedBody>(e.Body)!)
            .Single(b => b.CertificateNumber == printed.Document.CertificateNumber);
        Assert.Equal($"cluster#{silo.Sequence}", ended.Deployment);
        var statement = bundle.Entries.Where(e => e.Kind == JournalKinds.Deletion).Select(e => JournalJson.Read<DeletionStatement>(e.Body)!)
            .Single(s => s.CertificateNumber == printed.Document.CertificateNumber);
        Assert.Equal(ended.Deployment, statement.Deployment);

        // One byte changed in one assembly is another build, named.
        var copy = Directory.CreateTempSubdirectory("certorleans-build-");
        try
        {
            foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, BuildManifest.AssemblyPattern)) File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            Assert.Empty(BuildManifest.Of(copy.FullName).Differences(running));
            var target = Path.Combine(copy.FullName, "CertOrleans.Grains.dll");
            // One byte of its metadata: a type's name, "JournalGrain" made "KournalGrain".
            var bytes = await File.ReadAllBytesAsync(target);
            var at = bytes.AsSpan().IndexOf("JournalGrain"u8);
            bytes[at] ^= 1;
            await File.WriteAllBytesAsync(target, bytes);
            var changed = BuildManifest.Of(copy.FullName);
            Assert.NotEqual(running.Digest, changed.Digest);
            Assert.StartsWith("CertOrleans.Grains.dll: ", Assert.Single(changed.Differences(running)));

            // What only the debug information decides (the time stamp a deterministic build derives from the PDB, here)
            // is not the build: a rebuild whose PDB came out otherwise is the same program.
            var original = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "CertOrleans.Grains.dll"));
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(original));
            var stamped = original.ToArray();
            stamped[pe.PEHeaders.CoffHeaderStartOffset + 4] ^= 0xFF;
            await File.WriteAllBytesAsync(target, stamped);
            Assert.Empty(BuildManifest.Of(copy.FullName).Differences(running));
        }
        finally
        {
            copy.Delete(recursive: true);
        }

        // Recorded as a release, the build matches in the deployment list and in the council's report.
        var release = await Admin().PostAsJsonAsync("admin/v1/releases", new ReleaseManifestBody(running.Version, running.Commit, running.Assemblies), Json);
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.True((await Admin().GetFromJsonAsync<List<DeploymentResource>>("admin/v1/deployments", Json))!.First(d => d.Sequence == silo.Sequence).MatchesRelease);
        var builds = (await CouncilAsync()).Builds!;
        Assert.True(Assert.Single(builds, b => b.Build == running.Digest).MatchesRelease);
        var bad = await Admin().PostAsJsonAsync("admin/v1/releases", new { version = "1", commit = "x", assemblies = new Dictionary<string, string> { ["evil.dll"] = "00" } }, Json);
        await TerminalApiTests.AssertProblem(bad, HttpStatusCode.BadRequest, "invalid-field");
    }

    [Fact]
    public async Task The_deletion_statement_records_the_terminals_word_on_its_own_copies_and_the_report_counts_requests_without_it()
    {
        var people = await fixture.NewResidentsWithCardsAsync(3);
        var spool = Directory.CreateTempSubdirectory("certorleans-spool-");
        try
        {
            var deleted = await fixture.Kiosk().RunAsync(people[0].Card, TestPki.CardPin, Chain, "juminhyo", printer: new KioskPrinter(spool));
            var kept = await fixture.Kiosk().RunAsync(people[1].Card, TestPki.CardPin, Chain, "juminhyo", printer: new KioskPrinter(spool, keep: true));
            Assert.Empty(Directory.GetFiles(spool.FullName, $"{deleted.Document.CertificateNumber}*"));
            Assert.NotNull(kept.PrintedFile);
            var before = await CouncilAsync();

            // A terminal that says nothing of its copies.
            var kiosk = fixture.Kiosk();
            var started = await kiosk.SignInAsync(people[2].Card, TestPki.CardPin, Chain);
            var order = await kiosk.OrderAsync(started.Started.RequestId, "juminhyo", 1);
            await kiosk.PayAsync(started.Started.RequestId, order.Fee, "cash-silent");
            var document = await kiosk.GetDocumentAsync(started.Started.RequestId);
            await kiosk.ConfirmPrintAsync(started.Started.RequestId, printed: true, document.CertificateNumber);

            var statements = (await BundleAsync()).Entries.Where(e => e.Kind == JournalKinds.Deletion).Select(e => JournalJson.Read<DeletionStatement>(e.Body)!).ToList();
            var ofDeleted = statements.Single(s => s.CertificateNumber == deleted.Document.CertificateNumber).Terminal!;
            Assert.True(ofDeleted.Deleted);
            Assert.Contains("spooled document deleted", ofDeleted.Detail);
            Assert.False(statements.Single(s => s.CertificateNumber == kept.Document.CertificateNumber).Terminal!.Deleted);
            Assert.Null(statements.Single(s => s.CertificateNumber == document.CertificateNumber).Terminal);

            var after = await CouncilAsync();
            Assert.Equal(before.NoTerminalStatement + 1, after.NoTerminalStatement);

            // A statement the gateway cannot take is refused, and the request is not ended by it.
            var other = fixture.Kiosk();
            var next = await other.SignInAsync((await fixture.NewResidentsWithCardsAsync(1))[0].Card, TestPki.CardPin, Chain);
            var nextOrder = await other.OrderAsync(next.Started.RequestId, "juminhyo", 1);
            await other.PayAsync(next.Started.RequestId, nextOrder.Fee, "cash-long");
            var nextDocument = await other.GetDocumentAsync(next.Started.RequestId);
            var refused = await fixture.Client().PostAsJsonAsync($"terminal/v1/requests/{next.Started.RequestId}/print-confirmation",
                new { printed = true, certificateNumber = nextDocument.CertificateNumber, terminalDeletion = new { deleted = true, at = DateTimeOffset.UtcNow, detail = new string('x', 201) } });
            await TerminalApiTests.AssertProblem(refused, HttpStatusCode.BadRequest, "invalid-field");
            Assert.Equal("Printed", await other.ConfirmPrintAsync(next.Started.RequestId, true, nextDocument.CertificateNumber));
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }
}
