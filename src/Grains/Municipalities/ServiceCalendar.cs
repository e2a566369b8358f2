using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Municipalities;

namespace CertOrleans.Grains.Municipalities;

/// <summary>
/// When a municipality's store service is open: its daily hours inside the national 06:30–23:00 JST
/// window, closed 12/29–1/3, closed during announced maintenance, and (for 戸籍) its own hours. Hours kept
/// on weekdays only (the 戸籍 office's) skip national holidays too.
/// </summary>
public static class ServiceCalendar
{

    /// <summary>The JST service date of <paramref name="at"/>: the day whose fees, hours and closures apply.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => JapanTime.DateOf(at);

    public static Availability Check(MunicipalityConfiguration configuration, bool familyRegister, DateTimeOffset at)
    {
        var reason = ClosedReason(configuration, familyRegister, at);
        if (reason is null) return new Availability(true, null, null);
        var notice = reason == ClosedReasons.Maintenance ? configuration.Maintenance.First(m => at >= m.Start && at < m.End).Notice : null;
        return new Availability(false, reason, NextOpening(configuration, familyRegister, at), notice);
    }

    public static string? ClosedReason(MunicipalityConfiguration configuration, bool familyRegister, DateTimeOffset at)
    {
        var local = at.InJapan();
        if (IsYearEnd(DateOnly.FromDateTime(local.DateTime))) return ClosedReasons.YearEndClosure;
        if (configuration.Maintenance.Any(m => at >= m.Start && at < m.End)) return ClosedReasons.Maintenance;
        var hours = familyRegister ? new[] { configuration.Hours, configuration.FamilyRegisterHours } : [configuration.Hours];
        if (hours.Any(h => h.WeekdaysOnly) && JapaneseHolidays.IsHoliday(DateOnly.FromDateTime(local.DateTime))) return ClosedReasons.PublicHoliday;
        if (hours.Any(h => !Within(h, local))) return ClosedReasons.OutsideHours;
        return null;
    }

    /// <summary>The first moment from <paramref name="from"/> on when the service is open (within a year), else null.</summary>
    public static DateTimeOffset? NextOpening(MunicipalityConfiguration configuration, bool familyRegister, DateTimeOffset from)
    {
        var t = from;
        for (var step = 0; step < 2000; step++)
        {
            if (ClosedReason(configuration, familyRegister, t) is null) return t;
            var local = t.InJapan();
            var day = DateOnly.FromDateTime(local.DateTime);
            var maintenance = configuration.Maintenance.Where(m => t >= m.Start && t < m.End).Select(m => m.End).DefaultIfEmpty().Max();
            var opens = Opening(configuration, familyRegister);
            DateTimeOffset candidate;
            if (maintenance != default)
                candidate = maintenance;
            else if (!IsYearEnd(day) && TimeOnly.FromDateTime(local.DateTime) < opens && !WeekendExcluded(configuration, familyRegister, day))
                candidate = At(day, opens);
            else
                candidate = At(day.AddDays(1), opens);
            t = candidate > t ? candidate : t.AddMinutes(1);
            if (t - from > TimeSpan.FromDays(366)) return null;
        }
        return null;
    }

    /// <summary>Maintenance not yet over that starts within two weeks of <paramref name="at"/>.</summary>
    public static IReadOnlyList<MaintenanceWindow> Announced(MunicipalityConfiguration configuration, DateTimeOffset at) =>
        configuration.Maintenance.Where(m => m.End > at && m.Start < at.AddDays(14)).OrderBy(m => m.Start).ToList();

    public static bool IsYearEnd(DateOnly day) => (day.Month == 12 && day.Day >= 29) || (day.Month == 1 && day.Day <= 3);

    private static TimeOnly Opening(MunicipalityConfiguration c, bool familyRegister) =>
        familyRegister && c.FamilyRegisterHours.Opens > c.Hours.Opens ? c.FamilyRegisterHours.Opens : c.Hours.Opens;

    private static bool WeekendExcluded(MunicipalityConfiguration c, bool familyRegister, DateOnly day) =>
        ((familyRegister && c.FamilyRegisterHours.WeekdaysOnly) || c.Hours.WeekdaysOnly) && !JapaneseHolidays.IsWorkingDay(day);

    private static bool Within(DailyHours hours, DateTimeOffset local)
    {
        if (hours.WeekdaysOnly && !JapaneseHolidays.IsWorkingDay(DateOnly.FromDateTime(local.DateTime))) return false;
        var time = TimeOnly.FromDateTime(local.DateTime);
        return time >= hours.Opens && time < hours.Closes;
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), JapanTime.Offset);
}
