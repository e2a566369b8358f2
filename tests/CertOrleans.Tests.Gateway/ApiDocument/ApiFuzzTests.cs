using System.Net;
using System.Text.Json;
using CertOrleans.Kiosk;
using Xunit.Abstractions;

namespace CertOrleans.Tests.ApiDocument;

/// <summary>A gateway and cluster of the fuzzer's own: what it stops, rotates or revokes touches no other test.</summary>
public sealed class FuzzGatewayFixture() : GatewayFixture(1, "sqlite");

[CollectionDefinition(Name)]
public sealed class FuzzGatewayCollection : ICollectionFixture<FuzzGatewayFixture>
{
    public const string Name = "gateway-fuzz";
}

/// <summary>
/// Thousands of hostile requests made from the OpenAPI document, over every endpoint with the right credential
/// (mostly) and the wrong one (sometimes), including steps out of order on live requests. The gate: no 5xx at
/// all, and every 4xx is problem+json with a stable code. <c>CERTORLEANS_FUZZ_INPUTS</c> sets the count
/// (3,000 in the suite; see docs/fuzzing.md for the long run) and <c>CERTORLEANS_FUZZ_SEED</c> the seed.
/// </summary>
[Collection(FuzzGatewayCollection.Name)]
public sealed class ApiFuzzTests(FuzzGatewayFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_endpoint_answers_hostile_input_with_a_problem_and_never_a_server_error()
    {
        var inputs = int.TryParse(Environment.GetEnvironmentVariable("CERTORLEANS_FUZZ_INPUTS"), out var n) ? n : 3_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CERTORLEANS_FUZZ_SEED"), out var s) ? s : 20261127;
        var anonymous = fixture.Client(terminalId: null);
        var spec = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json")).RootElement;
        var fuzzer = new OpenApiFuzzer(spec, seed);
        var operations = fuzzer.Operations();
        Assert.True(operations.Count >= 30, $"only {operations.Count} operations in the OpenAPI document");

        var clients = new Dictionary<string, HttpClient>
        {
            ["terminal"] = fixture.Client(),
            ["admin"] = fixture.BearerClient(GatewayFixture.AdminKey),
            ["registry"] = fixture.BearerClient(GatewayFixture.RegistryKey),
            ["none"] = anonymous,
        };
        var people = await fixture.NewResidentsWithCardsAsync(4);
        var kiosk = new KioskClient(clients["terminal"]);
        var live = new List<string>();
        var random = new Random(seed);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var refusedByServer = 0;

        for (var i = 0; i < inputs; i++)
        {
            // Live requests to take steps out of order on; a fresh one now and then (most die of the fuzz).
            if (i % 50 == 0) live.Add((await kiosk.StartAsync("092011", people[random.Next(people.Count)].Card.Certificate)).RequestId);
            var operation = operations[random.Next(operations.Count)];
            using var request = fuzzer.Make(operation, name => Known(name, live[random.Next(live.Count)]));
            var who = random.Next(10) == 0 ? "none" : CredentialFor(operation.Path);
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(clients[who], request);
            }
            catch (HttpRequestException) when (request.Content?.Headers.ContentLength > 64 * 1024)
            {
                // A body over the limit on an endpoint that reads none: the server answers and closes rather than read it.
                refusedByServer++;
                continue;
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{operation.Method} {request.RequestUri} as {who}: connection {e.InnerException?.Message ?? e.Message}");
                continue;
            }
            using var _ = response;
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            // A NUL in the path, or a request line over Kestrel:Limits:MaxRequestLineSize, is refused by Kestrel itself
            // (400 or 414, no body, connection closed) before any of our code runs: no problem+json is possible there.
            if ((status == 414 || (status == 400 && request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal))) && response.Content.Headers.ContentLength is null or 0)
            {
                refusedByServer++;
                continue;
            }
            var problem = status >= 400 ? await ProblemCodeAsync(response) : "";
            if (status >= 500 || problem is null)
                failures.Add($"{operation.Method} {request.RequestUri} as {who}: {status} {(problem is null ? "not problem+json" : problem)}");
        }

        output.WriteLine($"API fuzz: {inputs} inputs over {operations.Count} operations, seed {seed}; answers {string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"))} ({refusedByServer} refused by Kestrel before the application: NUL paths, overlong request lines, unread oversized bodies); {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    /// <summary>
    /// Sends, announcing a large body with Expect: 100-continue so a refusal (413) is heard before it is sent; once
    /// more on a fresh connection when the server had just closed the one reused (it closes after a refused body).
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync();
        HttpRequestMessage Copy()
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
            if (body is not null)
            {
                copy.Content = new ByteArrayContent(body);
                copy.Content.Headers.ContentType = request.Content!.Headers.ContentType;
                copy.Headers.ExpectContinue = body.Length > 32 * 1024;
            }
            return copy;
        }
        try
        {
            return await client.SendAsync(Copy());
        }
        catch (HttpRequestException)
        {
            return await client.SendAsync(Copy());
        }
    }

    private static string CredentialFor(string path) =>
        path.StartsWith("/terminal", StringComparison.Ordinal) ? "terminal"
        : path.StartsWith("/registry", StringComparison.Ordinal) ? "registry"
        : path.StartsWith("/admin", StringComparison.Ordinal) ? "admin"
        : "none";

    private static string? Known(string parameter, string liveRequest) => parameter switch
    {
        "requestId" => liveRequest,
        "municipalityCode" => "092011",
        "year" => "2026",
        "month" => "11",
        _ => null,
    };

    /// <summary>The problem's code, or null when the answer is not problem+json with a code.</summary>
    private static async Task<string?> ProblemCodeAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
