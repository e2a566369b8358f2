using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Admission;

/// <summary>What the gateway holds in progress now, as the tests read it.</summary>
public sealed record AdmissionState(int ActiveFlows, int Limit, IReadOnlyDictionary<string, int> ByMunicipality, double StepLatencyMilliseconds, bool Saturated);

/// <summary>
/// Admission of new flows, and only new flows: a flow is admitted at its start and counted until it ends, and
/// nothing it does afterwards is ever refused here, so paid requests always finish. The gateway keeps at most
/// a limit of flows in progress: <see cref="AdmissionOptions.MaxActiveFlows"/>, lowered by a fifth each second
/// its admitted steps are slower than <see cref="AdmissionOptions.StepLatencyBound"/> and raised again step by
/// step once they are fast (additive increase, multiplicative decrease). At the limit a new start is admitted
/// only for a municipality holding less than its fair share (the limit split evenly among the municipalities
/// with flows in progress): one city's rush cannot take another's kiosks. Holds municipality codes and request
/// ids, nothing about anyone.
/// </summary>
/// <remarks>
/// The latency is judged second by second from what that second showed: the steps that ended in it, and the steps
/// still running longer than the bound (a cluster that hangs answers nothing, and that is the slowest of all). A
/// second that showed nothing halves it: shedding every start must not keep the gateway from learning that the
/// cluster is fast again. (It did: after a database failover the last slow steps held the limit at its floor, the
/// kiosks' abandoned flows filled it, and no start was admitted for ten minutes.)
/// </remarks>
public sealed class FlowAdmission(IOptions<AdmissionOptions> options, TimeProvider time)
{
    private readonly AdmissionOptions limits = options.Value;
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Flow> flows = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> running = new(); // steps in progress, by the tenth of a second they started in
    private double windowMs; // the steps that ended in the current second
    private int windowSteps;
    private double latencyMs;
    private int pending; // admitted, start not yet answered
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue, lastAdjusted = DateTimeOffset.MinValue;
    private double limit = options.Value.MaxActiveFlows;

    /// <summary>A place for a new flow of <paramref name="municipalityCode"/>, or null: shed it, the service is saturated.</summary>
    public Slot? TryAdmit(string municipalityCode)
    {
        lock (gate)
        {
            Sweep();
            Adjust();
            var total = flows.Count + pending;
            var held = active.GetValueOrDefault(municipalityCode);
            if (total >= (int)limit)
            {
                var sharing = active.Count + (held == 0 ? 1 : 0);
                if (held >= Math.Max(1, (int)limit / sharing)) return null;
            }
            active[municipalityCode] = held + 1;
            pending++;
            return new Slot(this, municipalityCode);
        }
    }

    /// <summary>The flow is over (printed, failed, cancelled, refused, expired): its place is free.</summary>
    public void Ended(string requestId)
    {
        lock (gate)
        {
            if (flows.Remove(requestId, out var flow)) Release(flow.Municipality);
        }
    }

    /// <summary>An admitted flow's step begins (starts are not counted: they are what is shed). Dispose it when the step is answered.</summary>
    public Step StepStarted(string requestId)
    {
        lock (gate)
        {
            var now = Now();
            if (flows.TryGetValue(requestId, out var flow)) flows[requestId] = flow with { LastHeard = now };
            var tenth = Tenth(now);
            running[tenth] = running.GetValueOrDefault(tenth) + 1;
            return new Step(this, now);
        }
    }

    public AdmissionState State()
    {
        lock (gate)
        {
            Adjust();
            var total = flows.Count + pending;
            return new AdmissionState(total, (int)limit, new Dictionary<string, int>(active), latencyMs, total >= (int)limit);
        }
    }

    public TimeSpan RetryAfter => limits.RetryAfter;

    private DateTimeOffset Now() => time.GetUtcNow();

    private void StepEnded(DateTimeOffset started)
    {
        lock (gate)
        {
            var tenth = Tenth(started);
            if (running.TryGetValue(tenth, out var count) && count > 1) running[tenth] = count - 1;
            else running.Remove(tenth);
            windowMs += (Now() - started).TotalMilliseconds;
            windowSteps++;
        }
    }

    // At most once a second: slow steps cut the limit by a fifth (never below one flow per municipality in progress);
    // fast ones (under half the bound) raise it by a thirty-second of the maximum a second, up to the maximum.
    private void Adjust()
    {
        var now = Now();
        if (now - lastAdjusted < TimeSpan.FromSeconds(1)) return;
        // Seconds since the last look (it is made when a start comes, so a quiet gateway looks seldom), at most a minute.
        var seconds = lastAdjusted == DateTimeOffset.MinValue ? 1 : (int)Math.Min(60, (now - lastAdjusted).TotalSeconds);
        lastAdjusted = now;
        var bound = limits.StepLatencyBound.TotalMilliseconds;
        double seenMs = windowMs, seen = windowSteps;
        foreach (var (tenth, count) in running)
        {
            // Timed from the end of its tenth: a step counts as slow only once it surely is.
            var runningMs = (now - DateTimeOffset.FromUnixTimeMilliseconds((tenth + 1) * 100)).TotalMilliseconds;
            if (runningMs > bound) (seenMs, seen) = (seenMs + count * runningMs, seen + count);
        }
        (windowMs, windowSteps) = (0, 0);
        latencyMs = seen > 0 ? (latencyMs + seenMs / seen) / 2 : latencyMs / Math.Pow(2, seconds);
        if (latencyMs > bound) limit = Math.Max(Math.Max(1, active.Count), limit * 0.8);
        else if (latencyMs < bound / 2) limit = Math.Min(limits.MaxActiveFlows, limit + seconds * Math.Max(1, limits.MaxActiveFlows / 32.0));
    }

    private void Release(string municipalityCode)
    {
        if (active.TryGetValue(municipalityCode, out var held) && held > 1) active[municipalityCode] = held - 1;
        else active.Remove(municipalityCode);
    }

    // Flows whose end was never heard (the kiosk vanished, or gave up on an error): the cluster has ended them by
    // their deadline, or by its step time-out once no step came.
    private void Sweep()
    {
        var now = Now();
        if (now - lastSweep < TimeSpan.FromSeconds(10)) return;
        lastSweep = now;
        foreach (var (id, flow) in flows.Where(f => now - f.Value.Since > limits.FlowLifetime || now - f.Value.LastHeard > limits.FlowIdleLifetime).ToList())
        {
            flows.Remove(id);
            Release(flow.Municipality);
        }
    }

    private static long Tenth(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 100;

    private readonly record struct Flow(string Municipality, DateTimeOffset Since, DateTimeOffset LastHeard);

    /// <summary>A step in progress: disposing it counts how long it took.</summary>
    public readonly struct Step(FlowAdmission owner, DateTimeOffset started) : IDisposable
    {
        public void Dispose() => owner.StepEnded(started);
    }

    /// <summary>A reserved place: bound to the request once it has started, or given back when the start failed.</summary>
    public sealed class Slot(FlowAdmission owner, string municipalityCode) : IDisposable
    {
        private bool settled;

        public void Bind(string requestId)
        {
            lock (owner.gate)
            {
                if (settled) return;
                settled = true;
                owner.pending--;
                var now = owner.Now();
                owner.flows[requestId] = new Flow(municipalityCode, now, now);
            }
        }

        public void Dispose()
        {
            lock (owner.gate)
            {
                if (settled) return;
                settled = true;
                owner.pending--;
                owner.Release(municipalityCode);
            }
        }
    }
}
