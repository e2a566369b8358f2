using CertOrleans.Contracts.Time;
using System.Globalization;

namespace CertOrleans.Rendering;

/// <summary>Dates as certificates print them: in the Japanese era (和暦), with 元年 for the first year.</summary>
public static class JapaneseDates
{

    private static readonly CultureInfo JapaneseEra = CreateCulture();

    /// <summary>Today's date in Japan (no daylight saving, so a fixed offset is exact).</summary>
    public static DateOnly TodayInJapan(TimeProvider time) => JapanTime.DateOf(time.GetUtcNow());

    public static string Format(DateOnly date)
    {
        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        var calendar = JapaneseEra.DateTimeFormat.Calendar;
        var year = calendar.GetYear(dateTime);
        var era = dateTime.ToString("gg", JapaneseEra);
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return $"{era}{yearText}年{date.Month}月{date.Day}日";
    }

    /// <summary>A year in the era, e.g. 2026 → 令和8年 (1 → 元年), as on a fiscal-year heading.</summary>
    public static string Year(int year)
    {
        var date = new DateOnly(year, 12, 31);
        var formatted = Format(date);
        return formatted[..(formatted.IndexOf('年') + 1)];
    }

    private static CultureInfo CreateCulture()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }
}
