using System.Globalization;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>Percentiles of a set of latencies (nearest rank).</summary>
public sealed class Latencies(IEnumerable<double> milliseconds)
{
    private readonly List<double> sorted = milliseconds.Order().ToList();

    public int Count => sorted.Count;

    public double P(int percentile) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(sorted.Count * percentile / 100.0) - 1))];
}

/// <summary>The fleet's figures: throughput, outcomes, errors by step and code, and p50/p95/p99 per step.</summary>
public static class FleetReport
{
    public static readonly string[] Steps = ["start", "start refused", "authenticate", "order", "pay", "document", "confirm", "cancel", "flow"];

    public static void Write(TextWriter output, KioskFleet fleet, TimeSpan duration, Latencies? floor = null)
    {
        var traces = fleet.Traces.ToList();
        var printed = traces.Count(t => t.Outcome == "Printed");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"flows: {traces.Count:N0} started in {duration.TotalSeconds:F0} s; {printed:N0} printed ({printed / duration.TotalSeconds:F1}/s); {fleet.HttpRequests:N0} HTTPS requests ({fleet.HttpRequests / duration.TotalSeconds:F0}/s)"));
        output.WriteLine("  by behaviour: " + string.Join(", ", traces.GroupBy(t => t.Behaviour).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}")));
        output.WriteLine("  kiosk saw:    " + string.Join(", ", traces.GroupBy(t => t.Outcome ?? (t.ErrorCode is null ? "abandoned" : "error")).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")));
        var errors = traces.Where(t => t.ErrorCode is not null).GroupBy(t => $"{t.ErrorStep}: {t.ErrorCode}").OrderByDescending(g => g.Count()).ToList();
        output.WriteLine("  errors:       " + (errors.Count == 0 ? "none" : string.Join(", ", errors.Select(g => $"{g.Key} ×{g.Count()}"))));
        output.WriteLine($"  mix-ups:      {traces.Count(t => t.MixUp)}");
        if (floor is not null)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  floor (GET /terminal/v1/ping): {floor.Count / duration.TotalSeconds:F0} req/s, p50 {floor.P(50):F1} ms, p99 {floor.P(99):F1} ms"));
        foreach (var step in Steps)
        {
            if (!fleet.StepMilliseconds.TryGetValue(step, out var bag)) continue;
            var sample = new Latencies(bag);
            var ratio = floor is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  p50 {sample.P(50) / floor.P(50),6:F1} × floor, p99 {sample.P(99) / floor.P(99),6:F1} × floor");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {step,-13} n {sample.Count,7:N0}  p50 {sample.P(50),7:F1} ms  p95 {sample.P(95),7:F1} ms  p99 {sample.P(99),7:F1} ms{ratio}"));
        }
    }

    /// <summary>"a=3,b=1" into weighted choices among <paramref name="known"/>; throws with a clear message on anything else.</summary>
    public static IReadOnlyList<(string Value, int Weight)> ParseWeights(string text, IReadOnlyCollection<string> known)
    {
        var result = new List<(string, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=');
            if (pieces.Length != 2 || !known.Contains(pieces[0]) || !int.TryParse(pieces[1], CultureInfo.InvariantCulture, out var weight) || weight < 0)
                throw new FormatException($"'{part}' is not name=weight with a name from {string.Join(", ", known)} and a whole number weight");
            if (weight > 0) result.Add((pieces[0], weight));
        }
        if (result.Count == 0) throw new FormatException($"'{text}' gives nothing a positive weight");
        return result;
    }
}
