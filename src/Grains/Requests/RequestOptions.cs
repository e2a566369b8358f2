namespace CertOrleans.Grains.Requests;

/// <summary>Time limits of an issuance request (configuration section <c>Requests</c>).</summary>
public sealed class RequestOptions
{
    public const string Section = "Requests";

    /// <summary>How long the card has to answer the challenge (at most 2 minutes).</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a request may wait for its next step before it is aborted as a whole.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The longest a request may live, whatever its steps do.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often an active request checks its deadlines.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after its deadline a request still on the register is taken for lost with its silo and closed
    /// as expired by the sweeper. Longer than any live request needs to end itself.
    /// </summary>
    public TimeSpan AbandonedGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the sweeper (a durable reminder, so it survives every silo) looks for abandoned requests.</summary>
    public TimeSpan AbandonedSweepPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Refuses request limits the service could not honour, at silo start (not at the first kiosk).</summary>
public sealed class RequestOptionsValidator : CertOrleans.Contracts.Configuration.OptionsValidator<RequestOptions>
{
    protected override IEnumerable<string> Problems(RequestOptions options)
    {
        // The card protocol gives the card at most 2 minutes to answer (JPKI user authentication).
        if (options.ChallengeLifetime <= TimeSpan.Zero || options.ChallengeLifetime > TimeSpan.FromMinutes(2))
            yield return "Requests:ChallengeLifetime must be more than 0 and at most 00:02:00.";
        if (options.StepTimeout <= TimeSpan.Zero) yield return "Requests:StepTimeout must be more than 0.";
        if (options.RequestTimeout < options.StepTimeout) yield return "Requests:RequestTimeout must be at least Requests:StepTimeout.";
        if (options.SweepInterval <= TimeSpan.Zero || options.SweepInterval > options.StepTimeout)
            yield return "Requests:SweepInterval must be more than 0 and at most Requests:StepTimeout.";
        if (options.AbandonedGrace <= TimeSpan.Zero) yield return "Requests:AbandonedGrace must be more than 0.";
        if (options.AbandonedSweepPeriod <= TimeSpan.Zero) yield return "Requests:AbandonedSweepPeriod must be more than 0.";
    }
}
