using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Admin.Commands;
using CertOrleans.Feed;
using CertOrleans.Pki;

namespace CertOrleans.Admin.Gateway;

/// <summary>The gateway refused a command: its stable problem code and what it said.</summary>
public sealed class GatewayProblemException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// The admin CLI's one way into the service: the gateway's authenticated admin and registry APIs over HTTPS,
/// trusting only the gateway CA and presenting a bearer key. The CLI holds no cluster connection: what it may do
/// is what its key's role and municipalities allow.
/// </summary>
public sealed class AdminGateway(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AdminGateway Open(Uri gateway, string gatewayCaFile, string keyFile)
    {
        if (!File.Exists(gatewayCaFile)) throw new UsageException($"No gateway CA certificate at {gatewayCaFile} (--gateway-ca).");
        if (!File.Exists(keyFile)) throw new UsageException($"No key file at {keyFile} (--key-file).");
        var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(gatewayCaFile);
        var http = GatewayHttp.Create(gateway, null, root);
        http.Timeout = TimeSpan.FromMinutes(30); // a city-sized batch streams for minutes
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(keyFile).Trim());
        return new AdminGateway(http);
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        using var response = await SendOrExplainAsync(request, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
    }

    /// <summary>A GET whose answer is a file (a PDF, a CSV), as bytes.</summary>
    public async Task<byte[]> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendOrExplainAsync(request, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Sends a JSON Lines file to a registry batch endpoint and reads the outcome of every line as it streams back.</summary>
    public async Task<ImportReport> PostBatchAsync(string path, string file, Action<RecordOutcome>? onOutcome, CancellationToken cancellationToken)
    {
        await using var body = File.OpenRead(file);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await SendOrExplainAsync(request, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var tally = new ImportTally();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 || line.StartsWith("{\"summary\"", StringComparison.Ordinal)) continue;
            var outcome = JsonSerializer.Deserialize<RecordOutcome>(line, Json)!;
            tally.Add(outcome);
            onOutcome?.Invoke(outcome);
        }
        return tally.Report();
    }

    private async Task<HttpResponseMessage> SendOrExplainAsync(HttpRequestMessage request, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"Cannot reach the gateway at {http.BaseAddress}: is it running? ({ex.Message})", ex);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            var code = problem.TryGetProperty("code", out var c) ? c.GetString() ?? "" : $"http-{(int)response.StatusCode}";
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            throw new GatewayProblemException(code, $"{code} ({(int)response.StatusCode}){(detail is null ? "" : $": {detail}")}");
        }
    }

    public void Dispose() => http.Dispose();
}
