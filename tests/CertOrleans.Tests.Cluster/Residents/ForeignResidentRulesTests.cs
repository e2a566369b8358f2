using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Grains.Residents;

namespace CertOrleans.Tests.Residents;

/// <summary>The issuance rules a foreign resident's record brings: the end of the 在留期間, and names in the alphabet.</summary>
public sealed class ForeignResidentRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static ResidentRecord Foreigner(DateOnly? periodEnds, ForeignResidentCategory category = ForeignResidentCategory.MidToLongTerm) =>
        TestResidents.Make(2, "3") with
        {
            FamilyName = "SILVA",
            GivenName = "LUCAS",
            FamilyNameKana = "",
            GivenNameKana = "",
            PermanentDomicile = null,
            HeadOfFamilyRegister = null,
            Foreign = new ForeignResidentItems("ブラジル", "AB12345678CD", "定住者", periodEnds) { Category = category },
        };

    [Fact]
    public void The_period_of_stay_holds_through_its_last_day_and_is_refused_from_the_day_after_for_every_certificate()
    {
        Assert.Null(IssuanceRules.Check(Foreigner(Today), CertificateType.ResidentRecordCopy, Today));
        foreach (var type in CertificateTypes.All)
            Assert.Equal(RefusalCodes.PeriodOfStayExpired, IssuanceRules.Check(Foreigner(Today.AddDays(-1)), type, Today));
    }

    [Fact]
    public void A_resident_without_an_end_to_their_stay_is_never_refused_for_it() =>
        Assert.Null(IssuanceRules.Check(Foreigner(null, ForeignResidentCategory.SpecialPermanent), CertificateType.ResidentRecordCopy, Today.AddYears(50)));

    [Fact]
    public void Support_measures_and_removal_still_come_first()
    {
        Assert.Equal(RefusalCodes.SupportMeasures, IssuanceRules.Check(Foreigner(Today.AddDays(-1)) with { UnderSupportMeasures = true }, CertificateType.ResidentRecordCopy, Today));
        Assert.Equal(RefusalCodes.MovedOut, IssuanceRules.Check(Foreigner(Today.AddDays(-1)) with { Status = ResidencyStatus.MovedOut }, CertificateType.ResidentRecordCopy, Today));
    }

    [Fact]
    public void A_household_member_whose_period_ended_stops_the_household_certificate_unless_they_are_no_longer_a_resident()
    {
        Assert.Null(IssuanceRules.CheckHouseholdMember(Foreigner(Today), Today));
        Assert.Equal(RefusalCodes.HouseholdPeriodOfStayExpired, IssuanceRules.CheckHouseholdMember(Foreigner(Today.AddDays(-1)), Today));
        Assert.Null(IssuanceRules.CheckHouseholdMember(Foreigner(Today.AddDays(-1)) with { Status = ResidencyStatus.MovedOut }, Today));
        Assert.Equal(RefusalCodes.SupportMeasures, IssuanceRules.CheckHouseholdMember(Foreigner(Today.AddDays(-1)) with { UnderSupportMeasures = true }, Today));
    }

    [Fact]
    public void A_name_in_the_alphabet_may_be_longer_than_a_name_in_kanji_up_to_the_feeds_bound()
    {
        var forty = new string('A', 40);
        Assert.Null(IssuanceRules.Check(Foreigner(null) with { FamilyName = forty, GivenName = forty }, CertificateType.ResidentRecordCopy, Today));
        Assert.Equal(RefusalCodes.UnprintableCharacters,
            IssuanceRules.Check(Foreigner(null) with { FamilyName = forty + forty, GivenName = forty }, CertificateType.ResidentRecordCopy, Today));
        // The same length in kanji is refused: it does not wrap between words.
        Assert.Equal(RefusalCodes.UnprintableCharacters,
            IssuanceRules.Check(TestResidents.Make(2, "3") with { FamilyName = new string('田', 20), GivenName = new string('子', 20) }, CertificateType.ResidentRecordCopy, Today));
    }

    [Fact]
    public void An_unprintable_common_name_or_previous_address_refuses_like_an_unprintable_name()
    {
        var foreigner = Foreigner(null);
        Assert.Equal(RefusalCodes.UnprintableCharacters,
            IssuanceRules.Check(foreigner with { Foreign = foreigner.Foreign! with { CommonName = "\uE001田" } }, CertificateType.ResidentRecordCopy, Today));
        Assert.Equal(RefusalCodes.UnprintableCharacters,
            IssuanceRules.Check(foreigner with { PreviousAddress = "東京都\u0007新宿区" }, CertificateType.ResidentRecordCopy, Today));
    }
}
