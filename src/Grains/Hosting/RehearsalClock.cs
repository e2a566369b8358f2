using System.Diagnostics;

namespace CertOrleans.Grains.Hosting;

/// <summary>
/// A clock that starts at a chosen instant and then runs at real speed (<c>CertOrleans:RehearsalClockStart</c>).
/// For drills on a rehearsal cluster with synthetic residents: the fault test must be able to issue at 3 a.m.,
/// when the real service is closed. Never set on a production silo; the silo warns at start when it is.
/// </summary>
public sealed class RehearsalClock(DateTimeOffset start) : TimeProvider
{
    private readonly long origin = Stopwatch.GetTimestamp();

    public const string Key = "CertOrleans:RehearsalClockStart";

    public DateTimeOffset Start => start;

    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(origin);
}
