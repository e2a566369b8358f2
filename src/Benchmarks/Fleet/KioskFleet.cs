using System.Collections.Concurrent;
using System.Diagnostics;
using CertOrleans.Kiosk;
using CertOrleans.Pki;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>What a virtual kiosk does with one customer.</summary>
public enum Behaviour
{
    /// <summary>The whole flow: card, order, payment, document, print confirmation.</summary>
    Print,
    /// <summary>Changes their mind after ordering and cancels.</summary>
    Cancel,
    /// <summary>The printer jams: the kiosk reports the print as failed.</summary>
    PrinterFails,
    /// <summary>Pays and walks away (or the kiosk dies): the print confirmation never comes.</summary>
    Abandon,
}

/// <summary>The kiosk's own record of one flow, for the oracle and the audit.</summary>
public sealed class FlowTrace
{
    public required Holder Holder { get; init; }
    public required string CertificateType { get; init; }
    public required Behaviour Behaviour { get; init; }
    public string? RequestId { get; set; }
    public bool PaymentAccepted { get; set; }
    public string? DocumentNumber { get; set; }
    /// <summary>What the gateway answered to the print confirmation or the cancel, when it answered.</summary>
    public string? Outcome { get; set; }
    public string? ErrorStep { get; set; }
    public string? ErrorCode { get; set; }
    public bool MixUp { get; set; }
}

/// <summary>How the fleet drives: how many kiosks, for how long (at least), how fast, ordering what, behaving how.</summary>
public sealed record FleetPlan(
    int Kiosks,
    TimeSpan Duration,
    double? TargetFlowsPerSecond,
    IReadOnlyList<(string Type, int Weight)> Mix,
    IReadOnlyList<(Behaviour Behaviour, int Weight)> Behaviours,
    bool Oracle,
    string? UntilFile = null)
{
    /// <summary>Whether kiosks still take customers: for the duration, and after it until the file (if any) exists.</summary>
    public bool Serving(TimeSpan elapsed) => elapsed < Duration || (UntilFile is { } file && !File.Exists(file));
}

/// <summary>
/// N virtual kiosks, each with its own terminal certificate and one connection, serving customers one after
/// another over the gateway's terminal API, each customer at their own municipality. Records every step's
/// latency (a refused step under "{step} refused") and every flow's trace.
/// </summary>
public sealed class KioskFleet(IReadOnlyList<HttpClient> kiosks, IReadOnlyList<Holder> holders)
{
    public ConcurrentDictionary<string, ConcurrentBag<double>> StepMilliseconds { get; } = new();
    public ConcurrentBag<FlowTrace> Traces { get; } = [];
    public long HttpRequests => Interlocked.Read(ref httpRequests);

    /// <summary>How long the kiosks took customers (the plan's duration, or longer when it waited for its file).</summary>
    public TimeSpan Served { get; private set; }

    private long httpRequests;
    private int nextHolder = -1;

    public async Task RunAsync(FleetPlan plan, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        long started = 0;
        await Task.WhenAll(Enumerable.Range(0, plan.Kiosks).Select(k => Task.Run(async () =>
        {
            var random = new Random(k * 7919 + 1);
            while (plan.Serving(clock.Elapsed) && !cancellationToken.IsCancellationRequested)
            {
                if (plan.TargetFlowsPerSecond is { } rate)
                {
                    // A shared schedule: flow n may start at n / rate seconds.
                    var due = TimeSpan.FromSeconds(Interlocked.Increment(ref started) / rate);
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ContinueWith(_ => { });
                    if (!plan.Serving(clock.Elapsed)) break;
                }
                var holder = holders[(int)((uint)Interlocked.Increment(ref nextHolder) % (uint)holders.Count)];
                var trace = new FlowTrace { Holder = holder, CertificateType = Pick(random, plan.Mix), Behaviour = Pick(random, plan.Behaviours) };
                var flow = Stopwatch.StartNew();
                await ServeAsync(new KioskClient(kiosks[k]), trace, plan.Oracle);
                if (trace.Outcome == "Printed") Record("flow", flow.Elapsed);
                Traces.Add(trace);
                // The error screen: a customer reads it before trying again (and a kiosk does not hammer a failing service).
                if (trace.ErrorCode is not null) await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { });
            }
        }, cancellationToken)));
        Served = clock.Elapsed;
    }

    private async Task ServeAsync(KioskClient kiosk, FlowTrace trace, bool oracle)
    {
        var step = "start";
        async Task<T> Step<T>(string name, Func<Task<T>> action)
        {
            step = name;
            Interlocked.Increment(ref httpRequests);
            var watch = Stopwatch.StartNew();
            try
            {
                var result = await action();
                Record(name, watch.Elapsed);
                return result;
            }
            catch (KioskProblemException)
            {
                Record($"{name} refused", watch.Elapsed);
                throw;
            }
        }
        try
        {
            var started = await Step("start", () => kiosk.StartAsync(trace.Holder.Entry.Record.Key.MunicipalityCode, trace.Holder.Card.Certificate));
            trace.RequestId = started.RequestId;
            var signature = trace.Holder.Key.Sign(CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge)));
            await Step("authenticate", () => kiosk.AuthenticateAsync(started.RequestId, signature));
            var order = await Step("order", () => kiosk.OrderAsync(started.RequestId, trace.CertificateType, 1));
            if (trace.Behaviour == Behaviour.Cancel)
            {
                trace.Outcome = await Step("cancel", () => kiosk.CancelAsync(started.RequestId));
                return;
            }
            await Step("pay", async () => { await kiosk.PayAsync(started.RequestId, order.Fee, $"cash-{Guid.NewGuid():N}"); return 0; });
            trace.PaymentAccepted = true;
            if (trace.Behaviour == Behaviour.Abandon) return;
            var document = await Step("document", () => kiosk.GetDocumentAsync(started.RequestId));
            trace.DocumentNumber = document.CertificateNumber;
            if (oracle && !DocumentOracle.Belongs(document.Pdf, document.CertificateNumber, trace.Holder)) trace.MixUp = true;
            var printed = trace.Behaviour != Behaviour.PrinterFails && !trace.MixUp;
            // The oracle has read it: the virtual terminal zeroes its copy and says so with its confirmation.
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(document.Pdf);
            var deletion = new TerminalDeletionStatement(true, DateTimeOffset.UtcNow, "memory zeroed; nothing spooled");
            trace.Outcome = await Step("confirm", () => kiosk.ConfirmPrintAsync(started.RequestId, printed, document.CertificateNumber, printed ? null : "paper-jam", default, deletion));
        }
        catch (Exception ex) when (ex is KioskProblemException or HttpRequestException or TaskCanceledException)
        {
            trace.ErrorStep = step;
            trace.ErrorCode = ex switch
            {
                KioskProblemException problem => problem.Code,
                TaskCanceledException => "kiosk-timeout",
                _ => "connection-failed",
            };
            // A kiosk that hits an error gives up on this request: it asks for it to be cancelled (refund) and
            // serves the next customer; if even that fails the request expires on its own.
            if (trace.RequestId is { } id && step is not ("start" or "document" or "confirm"))
            {
                try { await kiosk.CancelAsync(id); } catch (Exception cancel) when (cancel is KioskProblemException or HttpRequestException or TaskCanceledException) { }
            }
        }
    }

    private void Record(string step, TimeSpan elapsed) => StepMilliseconds.GetOrAdd(step, _ => []).Add(elapsed.TotalMilliseconds);

    private static T Pick<T>(Random random, IReadOnlyList<(T Value, int Weight)> weighted)
    {
        var roll = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return weighted[^1].Value;
    }
}
