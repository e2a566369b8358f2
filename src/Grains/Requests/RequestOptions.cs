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
