using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CertOrleans.Tests.ApiDocument;

/// <summary>One operation of the OpenAPI document: where, how, with which parameters and body.</summary>
public sealed record FuzzOperation(string Method, string Path, IReadOnlyList<(string Name, string In, string Type)> Parameters, JsonElement? Body, string? BodyType);

/// <summary>
/// Makes hostile requests from the gateway's own OpenAPI document: every operation with malformed, oversized,
/// wrong-typed and missing values in its path, query and body, wrong media types and wrong credentials.
/// Deterministic for a seed.
/// </summary>
public sealed class OpenApiFuzzer(JsonElement document, int seed)
{
    private readonly Random random = new(seed);

    public IReadOnlyList<FuzzOperation> Operations()
    {
        var operations = new List<FuzzOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, TypeOf(p.TryGetProperty("schema", out var s) ? s : default))).ToList()
                    : [];
                JsonElement? body = null;
                string? bodyType = null;
                if (operation.Value.TryGetProperty("requestBody", out var requestBody) && requestBody.TryGetProperty("content", out var content))
                {
                    var first = content.EnumerateObject().First();
                    bodyType = first.Name;
                    body = first.Value.TryGetProperty("schema", out var schema) ? schema : null;
                }
                operations.Add(new FuzzOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, body, bodyType));
            }
        }
        return operations;
    }

    /// <summary>A request for <paramref name="operation"/>; <paramref name="known"/> gives a plausible value for a parameter name, or null.</summary>
    public HttpRequestMessage Make(FuzzOperation operation, Func<string, string?> known)
    {
        var path = operation.Path;
        var query = new List<string>();
        foreach (var (name, where, type) in operation.Parameters)
        {
            var value = random.Next(3) == 0 ? Hostile() : known(name) ?? Plain(type);
            if (where == "path") path = path.Replace("{" + name + "}", Escape(value), StringComparison.Ordinal);
            else if (where == "query" && random.Next(4) != 0) query.Add($"{name}={Escape(value)}");
        }
        // Some constrained route parameters ({keyId:int}) keep their constraint in the template.
        path = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", _ => Escape(Hostile()));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path.TrimStart('/') + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        if (operation.Body is { } schema || operation.Method is "POST" or "PUT")
        {
            var (text, mediaType) = Body(operation.Body, operation.BodyType ?? "application/json");
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType);
        }
        return request;
    }

    private (string Text, string? MediaType) Body(JsonElement? schema, string mediaType)
    {
        var wrongType = random.Next(10) switch { 0 => "text/plain", 1 => null, 2 => "application/xml", _ => mediaType };
        var text = random.Next(8) switch
        {
            0 => Junk(),
            1 => new string('a', random.Next(2) == 0 ? 70_000 : 300),
            2 => string.Concat(Enumerable.Repeat("[", 300)) + string.Concat(Enumerable.Repeat("]", 300)),
            _ => Mutate(schema is { } s ? Generate(s, 0) : new JsonObject())?.ToJsonString() ?? "null",
        };
        return (text, wrongType);
    }

    private JsonNode? Generate(JsonElement schema, int depth)
    {
        if (depth > 6) return null;
        if (schema.TryGetProperty("$ref", out var reference))
            return Generate(document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]), depth + 1);
        switch (TypeOf(schema))
        {
            case "object":
                var node = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                    foreach (var property in properties.EnumerateObject()) node[property.Name] = Generate(property.Value, depth + 1);
                return node;
            case "array":
                var array = new JsonArray();
                for (var i = random.Next(3); i > 0; i--) array.Add(schema.TryGetProperty("items", out var items) ? Generate(items, depth + 1) : null);
                return array;
            case "integer": return JsonValue.Create(random.Next(-5, 500));
            case "number": return JsonValue.Create(random.NextDouble() * 1000);
            case "boolean": return JsonValue.Create(random.Next(2) == 0);
            default: return JsonValue.Create(Plain("string"));
        }
    }

    /// <summary>One change that makes the body wrong: a value of the wrong type, a null, a huge value, a field too many or too few.</summary>
    private JsonNode? Mutate(JsonNode? node)
    {
        if (node is not JsonObject obj || obj.Count == 0 || random.Next(6) == 0) return node;
        var names = obj.Select(p => p.Key).ToList();
        var name = names[random.Next(names.Count)];
        switch (random.Next(6))
        {
            case 0: obj.Remove(name); break;
            case 1: obj[name] = null; break;
            case 2: obj["unexpected" + random.Next(100)] = "x"; break;
            case 3: obj[name] = new string('9', 5_000); break;
            case 4: obj[name] = JsonValue.Create(random.Next(2) == 0 ? long.MaxValue : -1); break;
            default: obj[name] = new JsonArray(JsonValue.Create("\u0000"), new JsonObject()); break;
        }
        return obj;
    }

    private string Plain(string type) => type switch
    {
        "integer" => random.Next(-3, 3000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "boolean" => random.Next(2) == 0 ? "true" : "false",
        _ => new string(Enumerable.Range(0, random.Next(1, 20)).Select(_ => (char)random.Next('0', 'z')).ToArray()),
    };

    private string Hostile() => random.Next(12) switch
    {
        0 => "\u0000",
        1 => "../../etc/passwd",
        2 => new string('x', 3_000),
        3 => "𠮷野家",
        4 => "-1",
        5 => "99999999999999999999999",
        6 => " ",
        7 => "q-" + new string('f', 48),
        8 => "%",
        9 => "092011\u0000",
        10 => "<script>",
        _ => Junk(),
    };

    private string Junk() => new(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(1, 0x3000)).ToArray());

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type)) return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _) ? "object" : "string";
        return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).First(t => t != "null") ?? "string" : type.GetString() ?? "string";
    }
}
