using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CertOrleans.Gateway.Telemetry;

/// <summary>
/// What operators watch at the gateway, without personal data: every terminal step's latency and result
/// code, and how requests end. Exported with ASP.NET Core's and Orleans' own meters at <c>/metrics</c>.
/// </summary>
public sealed class TerminalMetrics
{
    public const string MeterName = "CertOrleans.Gateway";

    private readonly Histogram<double> stepDuration;
    private readonly Counter<long> requestsEnded;

    public TerminalMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        stepDuration = meter.CreateHistogram<double>("certorleans.terminal.step.duration", "s", "Time to answer one terminal step");
        requestsEnded = meter.CreateCounter<long>("certorleans.requests.ended", description: "Requests ended through the terminal API, by outcome");
    }

    public void Step(string step, int status, TimeSpan elapsed) =>
        stepDuration.Record(elapsed.TotalSeconds, new TagList { { "step", step }, { "status", status } });

    public void Ended(string outcome) => requestsEnded.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Times every terminal API call; the step is the endpoint's name (StartRequest, GetDocument, …).</summary>
    public static IApplicationBuilder UseTerminalMetrics(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        await next(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } step && context.Request.Path.StartsWithSegments("/terminal"))
            context.RequestServices.GetRequiredService<TerminalMetrics>().Step(step, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
    });
}
