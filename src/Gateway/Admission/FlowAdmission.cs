using Microsoft.Extensions.Options;

namespace CertOrleans.Gateway.Admission;

/// <summary>What the gateway holds in progress now: for the overview, the metrics and the tests.</summary>
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
public sealed class FlowAdmission(IOptions<AdmissionOptions> options, TimeProvider time)
{
    // Weight of the newest step in the smoothed latency: about the last fifty steps count.
    private const double Smoothing = 0.02;
    private readonly AdmissionOptions limits = options.Value;
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Municipality, DateTimeOffset Since)> flows = new(StringComparer.Ordinal);
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

    /// <summary>How long an admitted flow's step took (starts are not counted: they are what is shed).</summary>
    public void StepTook(TimeSpan elapsed)
    {
        lock (gate) latencyMs += Smoothing * (elapsed.TotalMilliseconds - latencyMs);
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

    // Once a second: slow steps cut the limit by a fifth (never below one flow per municipality in progress);
    // fast ones (under half the bound) raise it by a thirty-second of the maximum, up to the maximum.
    private void Adjust()
    {
        var now = Now();
        if (now - lastAdjusted < TimeSpan.FromSeconds(1)) return;
        lastAdjusted = now;
        var bound = limits.StepLatencyBound.TotalMilliseconds;
        if (latencyMs > bound) limit = Math.Max(Math.Max(1, active.Count), limit * 0.8);
        else if (latencyMs < bound / 2) limit = Math.Min(limits.MaxActiveFlows, limit + Math.Max(1, limits.MaxActiveFlows / 32.0));
    }

    private void Release(string municipalityCode)
    {
        if (active.TryGetValue(municipalityCode, out var held) && held > 1) active[municipalityCode] = held - 1;
        else active.Remove(municipalityCode);
    }

    // Flows whose end was never heard (the kiosk vanished): the cluster has ended them by their deadline.
    private void Sweep()
    {
        var now = Now();
        if (now - lastSweep < TimeSpan.FromSeconds(10)) return;
        lastSweep = now;
        foreach (var (id, flow) in flows.Where(f => now - f.Value.Since > limits.FlowLifetime).ToList())
        {
            flows.Remove(id);
            Release(flow.Municipality);
        }
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
                owner.flows[requestId] = (municipalityCode, owner.Now());
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
