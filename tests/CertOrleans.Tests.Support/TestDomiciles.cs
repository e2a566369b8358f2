using CertOrleans.Contracts.Residents;

namespace CertOrleans.Tests.Support;

/// <summary>八王子市 as the 本籍地 of test residents of 宇都宮市: its 戸籍 recording them (they live elsewhere: no resident link).</summary>
public static class TestDomiciles
{
    public const string Hachioji = "132012";

    public static string DomicileOf(int i) => $"東京都八王子市元本郷町三丁目{i + 1}番地";

    /// <summary>Stores 八王子市's register <paramref name="number"/> with the resident as its 筆頭者's child and one other person.</summary>
    public static Task<ApplyOutcome> StoreRegisterAsync(IGrainFactory grains, ResidentRecord resident, string domicile, string number) =>
        grains.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(Hachioji, number)).Apply(new FamilyRegisterRecord
        {
            MunicipalityCode = Hachioji, RegisterNumber = number, SourceVersion = 1, PermanentDomicile = domicile, HeadName = resident.HeadOfFamilyRegister!,
            CompiledOn = new DateOnly(2001, 4, 1),
            Members =
            [
                new FamilyRegisterMember { Name = resident.GivenName, DateOfBirth = resident.DateOfBirth, Sex = resident.Sex, Relationship = "長男",
                    Events = [new FamilyRegisterEvent("出生", resident.DateOfBirth, "【出生地】東京都八王子市")] },
                // Someone else of the register, so an individual certificate shows only the holder.
                new FamilyRegisterMember { Name = "別人", DateOfBirth = new DateOnly(1950, 1, 1), Sex = Sex.Female, Relationship = "妻" },
            ],
        });
}
