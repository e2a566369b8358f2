using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Feed;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Verification;

/// <summary>Every input is bounded and validated, and each bound answers with its own problem code.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BoundsTests(GatewayFixture fixture)
{
    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    [Fact]
    public async Task A_zip_bomb_or_a_thousand_pages_is_refused_by_the_public_check_without_being_read()
    {
        var http = fixture.Client(terminalId: null);
        var bomb = HostilePdf.Bomb(64 * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var refused = await http.PostAsync("verify/v1/documents", Pdf(bomb));
        await TerminalApiTests.AssertProblem(refused, HttpStatusCode.UnprocessableEntity, "pdf-too-complex");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"{started.Elapsed}");

        await TerminalApiTests.AssertProblem(await http.PostAsync("verify/v1/documents", Pdf(HostilePdf.Pages(1000))), HttpStatusCode.UnprocessableEntity, "pdf-too-complex");
        Assert.Equal("pages", Assert.Throws<PdfLimitExceededException>(() => PdfCertificateReader.Read(HostilePdf.Pages(21))).Limit);
        Assert.Equal("decoded-size", Assert.Throws<PdfLimitExceededException>(() => PdfCertificateReader.Read(HostilePdf.Bomb(17 * 1024 * 1024))).Limit);
        // Within the bounds, the same construction is just a PDF that is not a certificate.
        Assert.Equal(2, PdfCertificateReader.Read(HostilePdf.Pages(2)).PageCount);
    }

    [Fact]
    public async Task Forms_that_draw_forms_are_refused_before_a_page_is_drawn()
    {
        // The review's PDF: 1.9 KB, ten forms nested five deep, 100,000 words; it took 4.5 s and 365 MB to read.
        var bomb = HostilePdf.NestedForms(depth: 5, fanout: 10);
        Assert.True(bomb.Length < 2048, $"{bomb.Length} bytes");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await TerminalApiTests.AssertProblem(await fixture.Client(terminalId: null).PostAsync("verify/v1/documents", Pdf(bomb)), HttpStatusCode.UnprocessableEntity, "pdf-too-complex");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"{started.Elapsed}");

        Assert.Equal("form-depth", Assert.Throws<PdfLimitExceededException>(() => PdfCertificateReader.Read(HostilePdf.NestedForms(depth: 4, fanout: 2))).Limit);
        Assert.Equal("form-draws", Assert.Throws<PdfLimitExceededException>(() => PdfCertificateReader.Read(HostilePdf.NestedForms(depth: 3, fanout: 14))).Limit);
        Assert.Equal("form-cycle", Assert.Throws<PdfLimitExceededException>(() => PdfCertificateReader.Read(HostilePdf.NestedForms(depth: 2, fanout: 1, cycle: true))).Limit);
        // Within the bounds the same construction reads: 3 × 3 words.
        Assert.Equal("wordwordwordwordwordwordwordwordword", PdfCertificateReader.Read(HostilePdf.NestedForms(depth: 2, fanout: 3)).Content);
    }

    [Fact]
    public async Task Stop_switches_accept_only_what_this_deployment_knows()
    {
        foreach (var body in new[]
        {
            """{"stoppedMunicipalities":["999999"],"stoppedCertificateTypes":[],"stoppedStoreOperators":[]}""",
            """{"stoppedMunicipalities":[],"stoppedCertificateTypes":["jumin-hyo"],"stoppedStoreOperators":[]}""",
            """{"stoppedMunicipalities":[null],"stoppedCertificateTypes":[],"stoppedStoreOperators":[]}""",
            """{"stoppedMunicipalities":[],"stoppedCertificateTypes":[],"stoppedStoreOperators":["  "]}""",
        })
        {
            var response = await Admin().PutAsync("admin/v1/switches", new StringContent(body, Encoding.UTF8, "application/json"));
            await TerminalApiTests.AssertProblem(response, HttpStatusCode.UnprocessableEntity, "invalid-configuration");
        }
        await TerminalApiTests.AssertProblem(await Admin().PutAsync("admin/v1/switches", new StringContent("null", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "malformed-request");
        var switches = await Admin().GetFromJsonAsync<JsonElement>("admin/v1/switches");
        Assert.Equal(0, switches.GetProperty("stoppedMunicipalities").GetArrayLength());
    }

    [Fact]
    public async Task A_configuration_change_made_from_a_stale_copy_is_refused()
    {
        var current = await Admin().GetStringAsync("admin/v1/municipalities/132012");
        var version = JsonDocument.Parse(current).RootElement.GetProperty("version").GetInt64();
        var stale = current.Replace($"\"version\":{version}", $"\"version\":{version - 1}", StringComparison.Ordinal);

        await TerminalApiTests.AssertProblem(await Admin().PutAsync("admin/v1/municipalities/132012", new StringContent(stale, Encoding.UTF8, "application/json")), HttpStatusCode.Conflict, "version-conflict");
        var applied = await Admin().PutAsync("admin/v1/municipalities/132012", new StringContent(current, Encoding.UTF8, "application/json"));
        Assert.Equal(version + 1, (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Keys_are_neither_made_nor_published_for_a_municipality_not_served_here()
    {
        await TerminalApiTests.AssertProblem(await Admin().PostAsync("admin/v1/municipalities/011002/keys/rotate", null), HttpStatusCode.Forbidden, "municipality-not-served");
        await TerminalApiTests.AssertProblem(await Admin().PostAsync("admin/v1/municipalities/011002/journal/keys/rotate", null), HttpStatusCode.Forbidden, "municipality-not-served");
        await TerminalApiTests.AssertProblem(await fixture.Client(terminalId: null).GetAsync("verify/v1/keys/011002"), HttpStatusCode.Forbidden, "municipality-not-served");
    }

    [Fact]
    public async Task The_registry_reads_only_the_media_type_it_expects_and_bounds_every_line()
    {
        var registry = fixture.BearerClient(GatewayFixture.RegistryKey);
        var person = TestResidents.Make(41, "77");
        var asText = await registry.PutAsync("registry/v1/residents", new StringContent(ResidentFile.ToJson(person), Encoding.UTF8, "text/plain"));
        await TerminalApiTests.AssertProblem(asText, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");

        var huge = "{\"municipalityCode\":\"" + new string('0', FeedLimits.DefaultMaxLineChars) + "\"}";
        var batch = await registry.PostAsync("registry/v1/batches/residents", new StringContent(huge + "\n" + ResidentFile.ToJson(person), Encoding.UTF8, "application/x-ndjson"));
        var lines = (await batch.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("\"line\":1", StringComparison.Ordinal) && l.Contains("longer than", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"line\":2", StringComparison.Ordinal) && l.Contains("applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_feed_longer_than_its_bound_is_cut_with_the_line_named()
    {
        var text = string.Join('\n', Enumerable.Range(0, 5).Select(i => ResidentFile.ToJson(TestResidents.Make(i, "78"))));
        var read = new List<(int Line, ResidentFileError? Error)>();
        await foreach (var (line, _, error) in ResidentFile.ReadAsync(new StringReader(text), limits: new FeedLimits(MaxLines: 3))) read.Add((line, error));
        Assert.Equal([1, 2, 3, 4], read.Select(r => r.Line));
        Assert.Contains("more than 3 lines", read[3].Error!.Message, StringComparison.Ordinal);
    }

    private static ByteArrayContent Pdf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        return content;
    }
}
