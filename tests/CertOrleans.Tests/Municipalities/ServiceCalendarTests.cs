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

    private static DateTimeOffset Jst(string local) => new(DateTime.Parse(local), TimeSpan.FromHours(9));

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
}
