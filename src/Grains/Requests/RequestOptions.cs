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
}
