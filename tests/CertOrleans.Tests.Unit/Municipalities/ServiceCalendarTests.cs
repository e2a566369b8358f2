using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Grains.Municipalities;

namespace CertOrleans.Tests.Municipalities;

public sealed class ServiceCalendarTests
{
    private static readonly MunicipalityConfiguration City = new()
    {
        Name = "宇都宮市", Prefecture = "栃木県", MayorTitle = "宇都宮市長", MayorName = "試験　太郎",
        Fees = new Dictionary<string, int> { ["juminhyo"] = 200 },
        Hours = new DailyHours(new TimeOnly(6, 30), new TimeOnly(23, 0)),
        FamilyRegisterHours = new DailyHours(new TimeOnly(9, 0), new TimeOnly(17, 0), WeekdaysOnly: true),
        Maintenance = [new MaintenanceWindow(Jst("2026-11-28T01:00"), Jst("2026-11-28T12:00"), "定期保守")],
    };

    private static DateTimeOffset Jst(string local) => new(DateTime.Parse(local), JapanTime.Offset);

    [Theory]
    [InlineData("2026-11-26T06:30", null)]
    [InlineData("2026-11-26T22:59", null)]
    [InlineData("2026-11-26T06:29", ClosedReasons.OutsideHours)]
    [InlineData("2026-11-26T23:00", ClosedReasons.OutsideHours)]
    [InlineData("2026-12-29T10:00", ClosedReasons.YearEndClosure)]
    [InlineData("2027-01-03T22:00", ClosedReasons.YearEndClosure)]
    [InlineData("2027-01-04T06:30", null)]
    [InlineData("2026-11-28T11:59", ClosedReasons.Maintenance)]
    [InlineData("2026-11-28T12:00", null)]
    public void General_hours_year_end_and_maintenance(string localTime, string? reason) =>
        Assert.Equal(reason, ServiceCalendar.ClosedReason(City, familyRegister: false, Jst(localTime)));

    [Theory]
    [InlineData("2026-11-26T08:59", ClosedReasons.OutsideHours)]
    [InlineData("2026-11-26T09:00", null)]
    [InlineData("2026-11-26T17:00", ClosedReasons.OutsideHours)]
    [InlineData("2026-11-29T10:00", ClosedReasons.OutsideHours)] // Sunday
    public void Family_register_certificates_keep_office_hours(string localTime, string? reason) =>
        Assert.Equal(reason, ServiceCalendar.ClosedReason(City, familyRegister: true, Jst(localTime)));

    [Theory]
    [InlineData("2026-11-26T23:30", false, "2026-11-27T06:30")]
    [InlineData("2026-11-26T03:00", false, "2026-11-26T06:30")]
    [InlineData("2026-12-28T23:10", false, "2027-01-04T06:30")]
    [InlineData("2026-11-28T02:00", false, "2026-11-28T12:00")]
    [InlineData("2026-11-27T17:30", true, "2026-11-30T09:00")] // Friday evening → Monday 9:00
    [InlineData("2026-11-26T07:00", true, "2026-11-26T09:00")]
    public void The_next_opening_time_is_the_first_open_minute(string localTime, bool familyRegister, string expected) =>
        Assert.Equal(Jst(expected), ServiceCalendar.NextOpening(City, familyRegister, Jst(localTime)));

    /// <summary>国民の祝日 as the Cabinet Office (内閣府) publishes them, 振替休日 and 国民の休日 included.</summary>
    public static TheoryData<int, string[]> CabinetOfficeHolidays => new()
    {
        { 2025, ["01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-21", "08-11", "09-15", "09-23", "10-13", "11-03", "11-23", "11-24"] },
        { 2026, ["01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-20", "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"] },
        { 2027, ["01-01", "01-11", "02-11", "02-23", "03-21", "03-22", "04-29", "05-03", "05-04", "05-05", "07-19", "08-11", "09-20", "09-23", "10-11", "11-03", "11-23"] },
    };

    [Theory]
    [MemberData(nameof(CabinetOfficeHolidays))]
    public void Every_day_off_is_the_cabinet_offices(int year, string[] days)
    {
        var official = days.Select(d => DateOnly.Parse($"{year}-{d}")).ToHashSet();
        var wrong = new List<string>();
        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
        {
            var off = official.Contains(day) || day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (off == JapaneseHolidays.IsWorkingDay(day)) wrong.Add($"{day:yyyy-MM-dd} {day.DayOfWeek}: expected {(off ? "off" : "working")}");
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        // Every official holiday on a weekday is a holiday here, 振替休日 and 国民の休日 included.
        Assert.All(official.Where(d => d.DayOfWeek != DayOfWeek.Sunday && d.DayOfWeek != DayOfWeek.Saturday), d => Assert.True(JapaneseHolidays.IsHoliday(d), $"{d}"));
    }

    [Theory]
    [InlineData("2026-09-22T10:00", ClosedReasons.PublicHoliday)] // 国民の休日, a Tuesday between two holidays
    [InlineData("2026-05-06T10:00", ClosedReasons.PublicHoliday)] // 振替休日 for Sunday 5/3
    [InlineData("2026-09-24T10:00", null)]
    public void Family_register_certificates_are_not_issued_on_national_holidays(string localTime, string? reason)
    {
        Assert.Equal(reason, ServiceCalendar.ClosedReason(City, familyRegister: true, Jst(localTime)));
        // The general service runs on holidays.
        Assert.Null(ServiceCalendar.ClosedReason(City, familyRegister: false, Jst(localTime)));
    }

    [Theory]
    [InlineData("2026-09-18T17:30", "2026-09-24T09:00")] // Friday evening, then the 9/19–23 holidays (Silver Week)
    [InlineData("2027-03-19T17:30", "2027-03-23T09:00")] // Friday evening, Sunday 春分の日 and its 振替休日
    public void The_next_opening_for_a_family_register_skips_holidays(string localTime, string expected) =>
        Assert.Equal(Jst(expected), ServiceCalendar.NextOpening(City, familyRegister: true, Jst(localTime)));
}
