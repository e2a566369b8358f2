namespace CertOrleans.Contracts.Time;

/// <summary>
/// Japan's time, UTC+9 all year (Japan keeps no daylight saving): the one place that knows it. A certificate's date,
/// a fee's day, a city's hours, a report's day and every time shown to a person are read in it.
/// </summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The same instant as Japan's clocks show it.</summary>
    public static DateTimeOffset InJapan(this DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The date in Japan at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}
