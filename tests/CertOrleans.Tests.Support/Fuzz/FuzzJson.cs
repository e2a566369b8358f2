using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;

namespace CertOrleans.Tests.Support.Fuzz;

/// <summary>
/// Structural damage to a JSON Lines seed: a field removed, duplicated, renamed or added, or a value (at any
/// depth) replaced by one of the wrong type or out of range. Values are spliced in as raw text, so escapes
/// such as a lone-surrogate \ud800 reach the parser exactly as written.
/// </summary>
public static class FuzzJson
{
    private static readonly JsonSerializerOptions Write = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Values of every wrong kind: types, ranges, dates, escapes, sizes.</summary>
    public static readonly string[] WrongValues =
        [.. FuzzMutations.Tokens.Where(t => !t.StartsWith('\\') && t is not ("NaN" or "Infinity" or "0x10")),
         "\"x\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"a\\udc00b\"", "\"092011\\n\"", "\"092011 \"", "\"０９２０１１\"", "\"092012\"", "\"1234567890123456\"",
         "\"male\"", "\"female\"", "\"MALE\"", "\"resident\"", "\"movedOut\"", "\"deceased\"", "\"スズキ\"", "\"すずき\"", "\"iVBORw0KGgo=\"", "\"iVBOR\"", "\"!!!\"",
         "\"1868-01-01\"", "\"1867-12-31\"", "\"2026-13-01\"", "\"2026-01-01T00:00:00\"", "[{}]", "[[]]", "{\"a\":1}", "2147483648", "1990", "2101",
         $"\"{new string('ア', 5000)}\"", $"[{string.Join(',', Enumerable.Repeat("null", 200))}]", $"{new string('[', 80)}{new string(']', 80)}"];

    public static readonly string[] ExtraNames = ["myNumber", "residentCode", "x", "", "FamilyName", "family_name", "$type", "$id", "\u0000", "住民票コード"];

    /// <summary>A seed with one to three structural edits, then possibly some text edits too.</summary>
    public static Gen<string> Mutated(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1 << 16], Gen.Int[0, 1 << 16]).Array[1, 3],
                FuzzMutations.EditGen.Array[0, 2], (i, structural, textual) =>
            FuzzMutations.Apply(structural.Aggregate(seeds[i], (text, s) => Apply(text, s.Item1, s.Item2, s.Item3)), textual));

    public static string Apply(string json, int op, int which, int value)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject root ? Apply(root, op, which, value) : json;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // An earlier edit left text JsonNode will not read (a lone surrogate, deep nesting): leave it to the text edits.
            return json;
        }
    }

    private static string Apply(JsonObject root, int op, int which, int value)
    {
        var objects = new List<JsonObject>();
        var arrays = new List<JsonArray>();
        Collect(root, objects, arrays);
        var target = objects[which % objects.Count];
        var raw = WrongValues[value % WrongValues.Length];
        if (op == 4 && arrays.Count > 0)
        {
            var array = arrays[which % arrays.Count];
            if (array.Count == 0) array.Add(Marker);
            else array[value % array.Count] = Marker;
            return Splice(root, Quoted(Marker), raw);
        }
        if (target.Count == 0) op = 3;
        var name = target.Count == 0 ? "" : target.ElementAt(value % target.Count).Key;
        switch (op)
        {
            case 0:
                target.Remove(name);
                return root.ToJsonString(Write);
            case 1:
                target[name] = Marker;
                return Splice(root, Quoted(Marker), raw);
            case 2:
                // JsonObject holds a name once, so the duplicate is written in by hand, after the first.
                var first = target[name]?.ToJsonString(Write) ?? "null";
                target[name] = Marker;
                return Splice(root, Quoted(Marker), $"{first},{Quoted(name)}:{raw}");
            default:
                target[Marker] = Marker;
                return Splice(root, $"{Quoted(Marker)}:{Quoted(Marker)}", $"{Quoted(ExtraNames[which % ExtraNames.Length])}:{raw}");
        }
    }

    private const string Marker = "@@fuzz-marker@@";

    private static string Quoted(string text) => JsonSerializer.Serialize(text, Write);

    private static void Collect(JsonNode? node, List<JsonObject> objects, List<JsonArray> arrays)
    {
        switch (node)
        {
            case JsonObject o:
                objects.Add(o);
                foreach (var (_, child) in o) Collect(child, objects, arrays);
                break;
            case JsonArray a:
                arrays.Add(a);
                foreach (var child in a) Collect(child, objects, arrays);
                break;
        }
    }

    private static string Splice(JsonNode root, string marker, string raw)
    {
        var text = root.ToJsonString(Write);
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), raw, text.AsSpan(at + marker.Length));
    }

    /// <summary>
    /// The string values of a JSON text that look like personal data (any non-ASCII letter, or six characters or more
    /// with a digit: names, addresses, dates, numbers); none if it is not JSON.
    /// </summary>
    public static IReadOnlyList<string> PersonalValues(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var values = new List<string>();
            Walk(document.RootElement, values);
            return values.Where(v => v.Length >= 2 && (v.Any(c => c > '\u007f') || (v.Length >= 6 && v.Any(char.IsAsciiDigit)))).Distinct().ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>
    /// An error may name a field, as the line spelled it, and where the JSON broke (a path of field names); no
    /// other part of it may repeat a value of the line or of the seeds it was made from.
    /// </summary>
    public static void AssertNoValueIn(string error, string line, IEnumerable<string> seedValues)
    {
        var rest = Regex.Replace(error, "field '.*' is not accepted|invalid JSON at .*$", "", RegexOptions.Singleline);
        foreach (var value in seedValues.Concat(PersonalValues(line)))
            Assert.False(rest.Contains(value, StringComparison.Ordinal), $"the error '{error}' repeats a value of the line");
    }

    private static void Walk(JsonElement element, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                values.Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) Walk(property.Value, values);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item, values);
                break;
        }
    }
}
