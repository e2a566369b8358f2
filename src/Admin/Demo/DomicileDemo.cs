using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;

namespace CertOrleans.Admin.Demo;

/// <summary>
/// The demo's 本籍地 issuance: a resident of 宇都宮市 living alone whose 本籍 is in 八王子市. 宇都宮市's record names that
/// 本籍 (and holds no register number); 八王子市's registry holds the 戸籍 recording them. Their card is
/// <see cref="CardLabel"/>; run.sh registers it at the demo kiosk, and 八王子市's automatic policy approves it.
/// </summary>
public static class DomicileDemo
{
    public const string CardLabel = "demo-domicile";
    public const string Domicile = "東京都八王子市元本郷町三丁目24番地";
    public const string RegisterNumber = "D-000001";

    /// <summary>Moves the 本籍 of the first adult living alone in <paramref name="utsunomiya"/> to 八王子市; returns who it is.</summary>
    public static ResidentKey MoveDomicile(List<ResidentEntry> utsunomiya)
    {
        var households = utsunomiya.GroupBy(e => e.Record.HouseholdNumber).Where(h => h.Count() == 1).Select(h => h.Single());
        var chosen = households.First(e => e.Record is { Status: ResidencyStatus.Resident, UnderSupportMeasures: false, MoveOutFiled: false, Foreign: null }
            && e.Record.DateOfBirth < new DateOnly(2000, 1, 1) && e.Record.Key != DemoCity.DemoResident);
        var index = utsunomiya.IndexOf(chosen);
        utsunomiya[index] = chosen with
        {
            Record = chosen.Record with { PermanentDomicile = Domicile, HeadOfFamilyRegister = chosen.Record.FullName, FamilyRegisterNumber = null },
        };
        return chosen.Record.Key;
    }

    /// <summary>八王子市's 戸籍 of the holder: they are its 筆頭者, and live in 宇都宮市 (no resident link here).</summary>
    public static FamilyRegisterRecord Register(ResidentRecord holder) => new()
    {
        MunicipalityCode = DemoCities.Hachioji.Code,
        RegisterNumber = RegisterNumber,
        SourceVersion = 1,
        PermanentDomicile = Domicile,
        HeadName = holder.FullName,
        CompiledOn = holder.ResidentSince,
        Members =
        [
            new FamilyRegisterMember
            {
                Name = holder.GivenName, DateOfBirth = holder.DateOfBirth, Sex = holder.Sex, Relationship = holder.Sex == Sex.Male ? "長男" : "長女",
                Events = [new FamilyRegisterEvent("出生", holder.DateOfBirth, "【出生地】東京都八王子市")],
                AddressHistory = [new AddressEntry(holder.Address, holder.AddressSince)],
            },
        ],
    };
}
