using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Residents;

namespace CertOrleans.Tests.Residents;

public sealed class IssuanceRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly ResidentRecord Adult = TestResidents.Make(1, "3");

    [Fact]
    public void An_ordinary_adult_resident_may_get_a_resident_record_copy() =>
        Assert.Null(IssuanceRules.Check(Adult, CertificateType.ResidentRecordCopy, Today));

    public static TheoryData<string, Func<ResidentRecord, ResidentRecord>> Refusals => new()
    {
        { RefusalCodes.SupportMeasures, r => r with { UnderSupportMeasures = true } },
        { RefusalCodes.Deceased, r => r with { Status = ResidencyStatus.Deceased } },
        { RefusalCodes.MovedOut, r => r with { Status = ResidencyStatus.MovedOut } },
        { RefusalCodes.MoveOutFiled, r => r with { MoveOutFiled = true } },
        { RefusalCodes.MovedInToday, r => r with { ResidentSince = Today, AddressSince = Today } },
        { RefusalCodes.MovedInToday, r => r with { AddressSince = Today } },
        { RefusalCodes.UnderFifteen, r => r with { DateOfBirth = new DateOnly(2012, 11, 28) } },
        { RefusalCodes.UnprintableCharacters, r => r with { NonStandardCharactersPending = true } },
        { RefusalCodes.UnprintableCharacters, r => r with { GivenName = "\uE001子" } },
        { RefusalCodes.UnprintableCharacters, r => r with { FamilyName = "𠮷田" } },
        { RefusalCodes.UnprintableCharacters, r => r with { Address = new string('町', 121) } },
        // Support measures hide every other reason.
        { RefusalCodes.SupportMeasures, r => r with { UnderSupportMeasures = true, Status = ResidencyStatus.Deceased } },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void The_kiosk_refuses_where_the_rules_say(string code, Func<ResidentRecord, ResidentRecord> change) =>
        Assert.Equal(code, IssuanceRules.Check(change(Adult), CertificateType.ResidentRecordCopy, Today));

    [Theory]
    [InlineData("2011-04-01", "2026-03-30", 14)]
    [InlineData("2011-04-01", "2026-03-31", 15)] // attains 15 at the end of the day before the birthday
    [InlineData("2011-04-02", "2026-04-01", 15)]
    [InlineData("2011-04-02", "2026-03-31", 14)]
    [InlineData("2008-02-29", "2023-02-28", 15)]
    [InlineData("1985-04-12", "2026-11-26", 41)]
    public void Age_follows_the_law_on_counting_age(string birth, string on, int expected) =>
        Assert.Equal(expected, IssuanceRules.AgeOn(DateOnly.Parse(birth), DateOnly.Parse(on)));
}
