namespace CertOrleans.Contracts.Residents;

/// <summary>
/// Items only a foreign resident's record has (住民基本台帳法 第30条の45). Their 氏名 is the record's name in the
/// alphabet, as on the 在留カード (the kana fields then hold the カタカナ併記名 where one is registered); they have no 本籍.
/// Fields added after the first four are optional, so records stored before still read.
/// </summary>
/// <param name="ResidenceCardNumber">在留カード or 特別永住者証明書の番号; empty for the categories that have neither.</param>
/// <param name="ResidenceStatus">在留資格; empty for the categories that have none (特別永住者, 経過滞在者 …).</param>
/// <param name="PeriodOfStayEnds">在留期間の満了の日; none for 永住者 and 特別永住者.</param>
[GenerateSerializer, Immutable, Alias("certorleans.foreign-resident-items")]
public sealed record ForeignResidentItems(
    [property: Id(0)] string Nationality,
    [property: Id(1)] string ResidenceCardNumber,
    [property: Id(2)] string ResidenceStatus,
    [property: Id(3)] DateOnly? PeriodOfStayEnds)
{
    /// <summary>The longest name in the alphabet (family and given parts together) the feed accepts; it wraps at its spaces when printed.</summary>
    public const int MaxAlphabetNameLength = 100;

    /// <summary>第30条の45に規定する区分; null on records stored before it was sent.</summary>
    [Id(4)] public ForeignResidentCategory? Category { get; init; }
    /// <summary>在留期間 as granted (3年, 1年6月, 90日).</summary>
    [Id(5)] public string? PeriodOfStay { get; init; }
    /// <summary>通称 (a name used in Japan, registered on request), printed with the name.</summary>
    [Id(6)] public string? CommonName { get; init; }
    /// <summary>通称の記載及び削除に関する事項: printed on a 住民票 only when chosen.</summary>
    [Id(7)] public CommonNameHistory? CommonNameHistory { get; init; }
}

/// <summary>The categories of 住民基本台帳法 第30条の45; the wire names (<see cref="ForeignResidentCategories"/>) are stable.</summary>
[GenerateSerializer]
public enum ForeignResidentCategory
{
    MidToLongTerm = 1,
    SpecialPermanent = 2,
    TemporaryRefuge = 3,
    ProvisionalStay = 4,
    TransitionalBirth = 5,
    TransitionalNationalityLoss = 6,
}

public static class ForeignResidentCategories
{
    private static readonly (ForeignResidentCategory Category, string Code, string Name)[] Table =
    [
        (ForeignResidentCategory.MidToLongTerm, "midToLongTerm", "中長期在留者"),
        (ForeignResidentCategory.SpecialPermanent, "specialPermanent", "特別永住者"),
        (ForeignResidentCategory.TemporaryRefuge, "temporaryRefuge", "一時庇護許可者"),
        (ForeignResidentCategory.ProvisionalStay, "provisionalStay", "仮滞在許可者"),
        (ForeignResidentCategory.TransitionalBirth, "transitionalBirth", "出生による経過滞在者"),
        (ForeignResidentCategory.TransitionalNationalityLoss, "transitionalNationalityLoss", "国籍喪失による経過滞在者"),
    ];

    public static string Code(this ForeignResidentCategory category) => Table.First(r => r.Category == category).Code;

    public static string JapaneseName(this ForeignResidentCategory category) => Table.First(r => r.Category == category).Name;

    public static ForeignResidentCategory? Parse(string? code) => Table.FirstOrDefault(r => r.Code == code) is { Code: not null } row ? row.Category : null;

    public static IEnumerable<string> Codes => Table.Select(r => r.Code);

    /// <summary>中長期在留者 hold a 在留カード and 特別永住者 a 特別永住者証明書; the other categories hold neither.</summary>
    public static bool HasCard(this ForeignResidentCategory category) => category is ForeignResidentCategory.MidToLongTerm or ForeignResidentCategory.SpecialPermanent;

    /// <summary>Only 中長期在留者 have a 在留資格 (一時庇護 and 仮滞在 have a permitted period, but no status).</summary>
    public static bool HasResidenceStatus(this ForeignResidentCategory category) => category == ForeignResidentCategory.MidToLongTerm;
}

/// <summary>The 通称 a foreign resident has had recorded and deleted, oldest first. Compared by value, so a record sent again is a duplicate.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.common-name-history")]
public sealed record CommonNameHistory([property: Id(0)] IReadOnlyList<CommonNameEntry> Entries)
{
    public const int MaxEntries = 20;

    public bool Equals(CommonNameHistory? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Aggregate(Entries.Count, HashCode.Combine);
}

/// <param name="RecordedBy">The municipality that recorded it (市町村名).</param>
/// <param name="DeletedBy">The municipality that deleted it; null while it is current.</param>
[GenerateSerializer, Immutable, Alias("certorleans.common-name-entry")]
public sealed record CommonNameEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string RecordedBy,
    [property: Id(2)] DateOnly RecordedOn,
    [property: Id(3)] string? DeletedBy = null,
    [property: Id(4)] DateOnly? DeletedOn = null);

/// <summary>異動事由 and the day of the change; the wire names (<see cref="ResidentChangeReasons"/>) are stable.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.resident-change")]
public sealed record ResidentChange(
    [property: Id(0)] ResidentChangeReason Reason,
    [property: Id(1)] DateOnly Date);

[GenerateSerializer]
public enum ResidentChangeReason
{
    MoveIn = 1,
    MoveWithin = 2,
    Birth = 3,
    HouseholdChange = 4,
    ByAuthority = 5,
    Naturalization = 6,
    NationalityAcquired = 7,
    NationalityLost = 8,
    EntryFromAbroad = 9,
}

public static class ResidentChangeReasons
{
    private static readonly (ResidentChangeReason Reason, string Code, string Name)[] Table =
    [
        (ResidentChangeReason.MoveIn, "moveIn", "転入"),
        (ResidentChangeReason.MoveWithin, "moveWithin", "転居"),
        (ResidentChangeReason.Birth, "birth", "出生"),
        (ResidentChangeReason.HouseholdChange, "householdChange", "世帯変更"),
        (ResidentChangeReason.ByAuthority, "byAuthority", "職権記載"),
        (ResidentChangeReason.Naturalization, "naturalization", "帰化"),
        (ResidentChangeReason.NationalityAcquired, "nationalityAcquired", "国籍取得"),
        (ResidentChangeReason.NationalityLost, "nationalityLost", "国籍喪失"),
        (ResidentChangeReason.EntryFromAbroad, "entryFromAbroad", "国外からの転入"),
    ];

    public static string Code(this ResidentChangeReason reason) => Table.First(r => r.Reason == reason).Code;

    public static string JapaneseName(this ResidentChangeReason reason) => Table.First(r => r.Reason == reason).Name;

    public static ResidentChangeReason? Parse(string? code) => Table.FirstOrDefault(r => r.Code == code) is { Code: not null } row ? row.Reason : null;

    public static IEnumerable<string> Codes => Table.Select(r => r.Code);
}
