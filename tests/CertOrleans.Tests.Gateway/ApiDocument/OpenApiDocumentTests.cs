using System.Net;
using System.Text.Json;

namespace CertOrleans.Tests.ApiDocument;

/// <summary>
/// The document at /openapi/v1.json is one a vendor's tools accept: every operation has an id, a summary, its
/// security and its problem+json answers, and Redocly's recommended rules find no error in it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenApiDocumentTests(GatewayFixture fixture)
{
    /// <summary>The one warning Redocly may still give, and why: the project names no licence, so the document names none.</summary>
    private static readonly string[] ExpectedWarnings = ["info-license"];

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_its_security_and_its_problem_answers()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("mutualTLS", schemes.GetProperty("terminalCertificate").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("adminKey").GetProperty("scheme").GetString());
        Assert.Equal("bearer", schemes.GetProperty("registryKey").GetProperty("scheme").GetString());
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem");
        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.All(document.GetProperty("servers").EnumerateArray(), server => Assert.False(server.GetProperty("url").GetString()!.EndsWith('/')));

        var ids = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            var name = $"{method} {path}";
            ids.Add(operation.GetProperty("operationId").GetString()!);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), name);
            var security = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList();
            var expected = path.Split('/')[1] switch
            {
                "terminal" => ["terminalCertificate"],
                "registry" => ["registryKey"],
                "admin" => ["adminKey"],
                "verify" => Array.Empty<string>(),
                _ => throw new Xunit.Sdk.XunitException($"{name}: an API outside the four the document is for"),
            };
            Assert.True(expected.SequenceEqual(security), $"{name}: security {string.Join(",", security)}");
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            Assert.True(responses.Keys.Any(s => s.StartsWith('4')), $"{name}: no 4xx answer");
            Assert.True(responses.ContainsKey("500") && responses.ContainsKey("503"), $"{name}: no 5xx answer");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.Equal($"#/components/responses/Problem{status}", response.GetProperty("$ref").GetString());
            if (expected.Length > 0) Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{name}: no 401/403 answer");
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 50, $"only {ids.Count} operations");

        // The cluster operator's role is named where only a cluster operator may act.
        var switches = document.GetProperty("paths").GetProperty("/admin/v1/switches").GetProperty("put").GetProperty("security")[0].GetProperty("adminKey");
        Assert.Equal(["cluster-operator"], switches.EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_refusal_is_answered_as_the_document_says()
    {
        var document = await DocumentAsync();
        // No terminal certificate: a 401 the document lists for the operation, whose code its shared answer names.
        var answer = await fixture.Client(terminalId: null).GetAsync("terminal/v1/ping");
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var code = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;
        var ping = document.GetProperty("paths").GetProperty("/terminal/v1/ping").GetProperty("get").GetProperty("responses");
        Assert.Equal("#/components/responses/Problem401", ping.GetProperty("401").GetProperty("$ref").GetString());
        var shared = document.GetProperty("components").GetProperty("responses").GetProperty("Problem401");
        Assert.Contains(code, shared.GetProperty("description").GetString());
        Assert.True(shared.GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Redoclys_recommended_rules_find_no_error()
    {
        var file = await RepositoryTools.SaveDocumentAsync(fixture);
        var tools = Path.Combine(RepositoryTools.Root, "tools", "openapi");
        var cli = Path.Combine(tools, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed: run `npm ci --prefix tools/openapi` (scripts/prerequisites.sh --test does)");
        var (_, output, error) = await RepositoryTools.RunAsync("node", [cli, "lint", file, "--config", Path.Combine(tools, "redocly.yaml"), "--format=json", "--max-problems=1000"], tools,
            new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
        var report = JsonDocument.Parse(output.Length > 0 ? output : throw new Xunit.Sdk.XunitException($"Redocly printed no report: {error}")).RootElement;
        var problems = report.GetProperty("problems").EnumerateArray()
            .Select(p => (Rule: p.GetProperty("ruleId").GetString()!, Severity: p.GetProperty("severity").GetString()!, Where: p.GetProperty("location")[0].GetProperty("pointer").GetString()))
            .ToList();
        var unexpected = problems.Where(p => p.Severity == "error" || !ExpectedWarnings.Contains(p.Rule)).Select(p => $"{p.Severity} {p.Rule} at {p.Where}").ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
        Assert.Equal(0, report.GetProperty("totals").GetProperty("errors").GetInt32());
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        Assert.Equal(RepositoryTools.PublishedAddress, document.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("https://kiosk-gateway.city.test/")]
    [InlineData("http://kiosk-gateway.city.test")]
    [InlineData("kiosk-gateway.city.test")]
    public async Task A_published_address_generators_would_mangle_stops_the_gateway_at_start(string address)
    {
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            fixture.StartGatewayAsync(new Dictionary<string, string> { ["Gateway:ApiDocument:ServerUrl"] = address }));
        Assert.Contains("Gateway:ApiDocument:ServerUrl", refused.Message);
    }

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await fixture.Client(terminalId: null).GetStringAsync("openapi/v1.json")).RootElement;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => m.Name is "get" or "put" or "post" or "delete" or "patch")
            .Select(m => (path.Name, m.Name, m.Value)));
}
