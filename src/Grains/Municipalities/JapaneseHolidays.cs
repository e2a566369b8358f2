using System.Collections.Concurrent;
using PublicHoliday;

namespace CertOrleans.Grains.Municipalities;

/// <summary>
/// Japan's days off under the national holidays act, from the PublicHoliday library's Japanese calendar: each
/// 国民の祝日, moved to its 振替休日 when it falls on a Sunday (the library gives the day off, not the Sunday),
/// and the 国民の休日 the library leaves out, a weekday between two 国民の祝日. The equinox days are announced by
/// the Cabinet Office each February for the next year; ServiceCalendarTests compares every day of 2025–2027 with
/// the published lists.
/// </summary>
public static class JapaneseHolidays
{
    private static readonly JapanPublicHoliday Calendar = new();
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> Years = new();

    public static bool IsHoliday(DateOnly day) => For(day.Year).Contains(day);

    /// <summary>Not Saturday, Sunday or a national holiday: a day the city office is open.</summary>
    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(day);

    /// <summary>The weekdays off in <paramref name="year"/> (a holiday on a Sunday appears as its 振替休日).</summary>
    public static IReadOnlySet<DateOnly> For(int year) => Years.GetOrAdd(year, Compute);

    private static HashSet<DateOnly> Compute(int year)
    {
        var national = Calendar.PublicHolidays(year).Select(DateOnly.FromDateTime).ToHashSet();
        var days = new HashSet<DateOnly>(national);
        // 国民の休日 (Article 3, paragraph 3): a day whose day before and day after are both 国民の祝日.
        for (var day = new DateOnly(year, 1, 2); day < new DateOnly(year, 12, 31); day = day.AddDays(1))
        {
            if (!national.Contains(day) && day.DayOfWeek != DayOfWeek.Sunday && national.Contains(day.AddDays(-1)) && national.Contains(day.AddDays(1)))
                days.Add(day);
        }
        return days;
    }
}
