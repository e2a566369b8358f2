using CertOrleans.Contracts.Configuration;

namespace CertOrleans.SiloHosting;

/// <summary>
/// Real time shifted by a fixed amount (<c>Rehearsal:ClockShift</c>, e.g. <c>05:30:00</c> or <c>-02:00:00</c>).
/// For drills on a rehearsal cluster with synthetic residents: the fault test must be able to issue at 3 a.m.,
/// when the real service is closed. A shift, not a start instant, so every silo of the cluster (started and
/// restarted at different moments) keeps the same time. Never set on a production silo; the silo warns at
/// start when it is.
/// </summary>
public sealed class RehearsalClock(TimeSpan shift) : TimeProvider
{
    public TimeSpan Shift => shift;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}

/// <summary>Section <c>Rehearsal</c>: settings for drills only.</summary>
public sealed class RehearsalOptions
{
    public const string Section = "Rehearsal";

    public TimeSpan? ClockShift { get; set; }
}

public sealed class RehearsalOptionsValidator : OptionsValidator<RehearsalOptions>
{
    protected override IEnumerable<string> Problems(RehearsalOptions options)
    {
        if (options.ClockShift is { } shift && shift.Duration() > TimeSpan.FromDays(1))
            yield return "Rehearsal:ClockShift must be within a day either way (-1.00:00:00 to 1.00:00:00): a drill moves the hour, not the date.";
    }
}
