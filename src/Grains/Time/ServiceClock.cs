namespace CertOrleans.Grains.Time;

/// <summary>
/// The clock of the service's own rules: opening hours, request deadlines, issue dates, key validity. It is
/// kept apart from the clock Orleans runs on (membership, timers, reminders), which is always the real one:
/// a rehearsal drill (<see cref="RehearsalClock"/>) or a test's fake clock moves this one only. Orleans given a
/// clock hours away from the real time cancels its own start (its membership mixes both).
/// </summary>
public sealed class ServiceClock(TimeProvider time) : TimeProvider
{
    public TimeProvider Inner => time;

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();
}
