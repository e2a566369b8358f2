using CertOrleans.Contracts.Configuration;

namespace CertOrleans.Gateway.Admission;

/// <summary>How many flows the gateway keeps in progress, and when it sheds new ones (section <c>Gateway:Admission</c>).</summary>
public sealed class AdmissionOptions
{
    public const string Section = "Gateway:Admission";

    /// <summary>Flows (started, not yet ended) this gateway keeps in progress; beyond it a municipality gets its fair share only.</summary>
    public int MaxActiveFlows { get; set; } = 512;

    /// <summary>Smoothed latency of admitted flows' steps above which the cluster counts as saturated.</summary>
    public TimeSpan StepLatencyBound { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Retry-After of a shed start.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A flow not heard to end is forgotten after this; the request's own deadline has ended it in the cluster.</summary>
    public TimeSpan FlowLifetime { get; set; } = TimeSpan.FromMinutes(11);

    /// <summary>
    /// A flow with no step for this long is forgotten: the silos have aborted it by their <c>Requests:StepTimeout</c>
    /// (3 minutes). Kiosks that gave up on an error leave such flows behind, a whole floor of them after a failover.
    /// </summary>
    public TimeSpan FlowIdleLifetime { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// The key request ids are signed with (base64, 32 bytes): every gateway of a deployment needs the same one.
    /// Unset, each process makes its own, and its ids die with it.
    /// </summary>
    public string? RequestIdKey { get; set; }
}

/// <summary>Rate limits per caller (section <c>Gateway:RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Sustained calls per second of one store terminal (a kiosk flow is about eight calls).</summary>
    public int TerminalPermitsPerSecond { get; set; } = 2;

    /// <summary>The calls a terminal may make at once after a quiet spell.</summary>
    public int TerminalBurst { get; set; } = 30;

    /// <summary>Sustained calls per second of one registry or administrator key (a batch is one call).</summary>
    public int CredentialPermitsPerSecond { get; set; } = 50;

    public int CredentialBurst { get; set; } = 200;

    /// <summary>Public checks (verification page and API) one client address (an IPv6 /64) may make per minute.</summary>
    public int VerifyPermitsPerMinute { get; set; } = 30;

    /// <summary>Uploaded PDFs and photos the process reads at once, whoever sent them: one core and tens of megabytes each.</summary>
    public int UploadChecksAtOnce { get; set; } = 1;

    /// <summary>Uploads that may wait for a reader; beyond them the sender hears 429 at once.</summary>
    public int UploadChecksQueue { get; set; } = 8;

    /// <summary>Uploads read per second by the process, from all senders together (18,000 an hour).</summary>
    public int UploadChecksPerSecond { get; set; } = 5;
}

/// <summary>Refuses admission limits the gateway could not honour, at start.</summary>
public sealed class AdmissionOptionsValidator : OptionsValidator<AdmissionOptions>
{
    protected override IEnumerable<string> Problems(AdmissionOptions o)
    {
        if (o.MaxActiveFlows < 1) yield return "Gateway:Admission:MaxActiveFlows must be at least 1.";
        if (o.StepLatencyBound <= TimeSpan.Zero) yield return "Gateway:Admission:StepLatencyBound must be more than 0.";
        if (o.RetryAfter < TimeSpan.FromSeconds(1)) yield return "Gateway:Admission:RetryAfter must be at least 00:00:01.";
        if (o.FlowLifetime <= TimeSpan.Zero) yield return "Gateway:Admission:FlowLifetime must be more than 0.";
        if (o.FlowIdleLifetime <= TimeSpan.Zero || o.FlowIdleLifetime > o.FlowLifetime)
            yield return "Gateway:Admission:FlowIdleLifetime must be more than 0 and at most FlowLifetime.";
        if (o.RequestIdKey is not null && !RequestIds.IsKey(o.RequestIdKey)) yield return "Gateway:Admission:RequestIdKey must be 32 bytes in base64.";
    }
}

/// <summary>Refuses rate limits the gateway could not honour, at start.</summary>
public sealed class RateLimitOptionsValidator : OptionsValidator<RateLimitOptions>
{
    protected override IEnumerable<string> Problems(RateLimitOptions o)
    {
        if (o.TerminalPermitsPerSecond < 1 || o.TerminalBurst < 1)
            yield return "Gateway:RateLimits:TerminalPermitsPerSecond and TerminalBurst must be at least 1.";
        if (o.CredentialPermitsPerSecond < 1 || o.CredentialBurst < 1)
            yield return "Gateway:RateLimits:CredentialPermitsPerSecond and CredentialBurst must be at least 1.";
        if (o.VerifyPermitsPerMinute < 1) yield return "Gateway:RateLimits:VerifyPermitsPerMinute must be at least 1.";
        if (o.UploadChecksAtOnce < 1 || o.UploadChecksQueue < 0 || o.UploadChecksPerSecond < 1)
            yield return "Gateway:RateLimits:UploadChecksAtOnce and UploadChecksPerSecond must be at least 1, UploadChecksQueue at least 0.";
    }
}
