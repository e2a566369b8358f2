using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Demo;

/// <summary>
/// A synthetic 宇都宮市 (092011): households on real town names with invented people. Deterministic for a
/// seed, so the README can name the demo resident. Everyone in it is fictitious.
/// </summary>
public static class DemoCity
{
    public const string MunicipalityCode = "092011";

    /// <summary>The resident the README names: an adult with a test card whose PIN is <see cref="DemoPin"/>.</summary>
    public static readonly ResidentKey DemoResident = new(MunicipalityCode, "100000001");
    public const string DemoPin = "1234";

    /// <summary>Residents the demo gives cards to so each refusal can be seen at the kiosk, with their PINs.</summary>
    public static IReadOnlyList<(string Label, ResidentKey Resident, string Pin)> CardHolders(IReadOnlyList<ResidentRecord> city)
    {
        var holders = new List<(string, ResidentKey, string)> { ("demo", DemoResident, DemoPin) };
        void Add(string label, Func<ResidentRecord, bool> predicate, string pin)
        {
            if (city.FirstOrDefault(predicate) is { } r) holders.Add((label, r.Key, pin));
        }
        Add("support-measures", r => r.UnderSupportMeasures, "1111");
        Add("moved-out", r => r.Status == ResidencyStatus.MovedOut, "2222");
        Add("under-15", r => r.DateOfBirth > new DateOnly(2014, 1, 1) && r.Status == ResidencyStatus.Resident && !r.UnderSupportMeasures, "3333");
        return holders;
    }

    private static readonly (string Kanji, string Kana)[] FamilyNames =
    [
        ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("渡辺", "ワタナベ"),
        ("伊藤", "イトウ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
        ("吉田", "ヨシダ"), ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"),
        ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
        ("阿久津", "アクツ"), ("大森", "オオモリ"), ("福田", "フクダ"), ("石川", "イシカワ"), ("手塚", "テヅカ"),
        ("増渕", "マスブチ"), ("印南", "インナミ"), ("直井", "ナオイ"), ("上野", "ウエノ"), ("森田", "モリタ"),
        ("菊地", "キクチ"), ("関口", "セキグチ"), ("小野", "オノ"), ("荒井", "アライ"), ("櫻井", "サクライ"),
    ];

    private static readonly (string Kanji, string Kana)[] MaleNames =
    [
        ("一郎", "イチロウ"), ("健太", "ケンタ"), ("翔太", "ショウタ"), ("大輔", "ダイスケ"), ("誠", "マコト"),
        ("浩", "ヒロシ"), ("拓也", "タクヤ"), ("蓮", "レン"), ("湊", "ミナト"), ("悠真", "ユウマ"),
        ("隆", "タカシ"), ("和夫", "カズオ"), ("茂", "シゲル"), ("陽翔", "ハルト"), ("直樹", "ナオキ"),
    ];

    private static readonly (string Kanji, string Kana)[] FemaleNames =
    [
        ("花子", "ハナコ"), ("美咲", "ミサキ"), ("陽菜", "ヒナ"), ("結衣", "ユイ"), ("恵子", "ケイコ"),
        ("由美", "ユミ"), ("さくら", "サクラ"), ("凛", "リン"), ("葵", "アオイ"), ("真由美", "マユミ"),
        ("幸子", "サチコ"), ("芽依", "メイ"), ("綾香", "アヤカ"), ("智子", "トモコ"), ("紬", "ツムギ"),
    ];

    private static readonly string[] Towns =
    [
        "旭一丁目", "旭二丁目", "本町", "馬場通り二丁目", "大通り一丁目", "西原町", "戸祭元町", "今泉町",
        "宝木町一丁目", "駒生町", "鶴田町", "平松本町", "御幸ケ原町", "若草二丁目", "中戸祭一丁目", "峰町",
        "陽東三丁目", "泉が丘五丁目", "東宿郷二丁目", "一条三丁目", "西一の沢町", "簗瀬町", "江曽島本町", "下栗町",
    ];

    public static IReadOnlyList<ResidentRecord> Generate(int households, int seed)
    {
        var random = new Random(seed);
        var residents = new List<ResidentRecord>();
        var number = 100000001;
        for (var h = 0; h < households; h++)
        {
            var family = FamilyNames[random.Next(FamilyNames.Length)];
            var town = Towns[random.Next(Towns.Length)];
            var address = $"栃木県宇都宮市{town}{random.Next(1, 30)}番{random.Next(1, 25)}号";
            var domicile = random.Next(4) == 0 ? null : $"栃木県宇都宮市{Towns[random.Next(Towns.Length)]}{random.Next(1, 30)}番地";
            var movedIn = new DateOnly(random.Next(1990, 2025), random.Next(1, 13), random.Next(1, 29));
            var headMale = random.Next(10) < 7;
            var headAge = random.Next(25, 86);
            var headBirth = BirthDate(random, headAge);
            var headGiven = headMale ? MaleNames[random.Next(MaleNames.Length)] : FemaleNames[random.Next(FemaleNames.Length)];
            var headName = $"{family.Kanji}　{headGiven.Kanji}";
            var members = new List<(bool Male, (string Kanji, string Kana) Given, DateOnly Birth, string Relationship)>
            {
                (headMale, headGiven, headBirth, "世帯主"),
            };
            if (h == 0)
            {
                // The README's demo household: 鈴木 一郎 and 鈴木 花子 at 旭一丁目 (near the city office).
                family = ("鈴木", "スズキ");
                address = "栃木県宇都宮市旭一丁目1番5号";
                domicile = "栃木県宇都宮市旭一丁目1番地";
                movedIn = new DateOnly(2010, 4, 1);
                headName = "鈴木　一郎";
                members.Clear();
                members.Add((true, ("一郎", "イチロウ"), new DateOnly(1983, 7, 20), "世帯主"));
                members.Insert(0, (false, ("花子", "ハナコ"), new DateOnly(1985, 4, 12), "妻"));
                members.Add((false, ("陽菜", "ヒナ"), new DateOnly(2015, 9, 3), "子"));
            }
            else
            {
                if (headAge > 28 && random.Next(10) < 7)
                {
                    var spouseMale = !headMale;
                    var spouseGiven = spouseMale ? MaleNames[random.Next(MaleNames.Length)] : FemaleNames[random.Next(FemaleNames.Length)];
                    members.Add((spouseMale, spouseGiven, BirthDate(random, Math.Max(20, headAge + random.Next(-5, 6))), spouseMale ? "夫" : "妻"));
                }
                var children = headAge is > 30 and < 70 ? random.Next(0, 4) : 0;
                for (var c = 0; c < children; c++)
                {
                    var male = random.Next(2) == 0;
                    var given = male ? MaleNames[random.Next(MaleNames.Length)] : FemaleNames[random.Next(FemaleNames.Length)];
                    var childAge = Math.Max(0, headAge - random.Next(24, 40));
                    members.Add((male, given, BirthDate(random, childAge), "子"));
                }
            }

            foreach (var member in members)
            {
                var key = new ResidentKey(MunicipalityCode, (number++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                var since = member.Birth > movedIn ? member.Birth : movedIn;
                var special = random.Next(100);
                residents.Add(new ResidentRecord
                {
                    Key = key,
                    SourceVersion = 1,
                    FamilyName = family.Kanji,
                    GivenName = member.Given.Kanji,
                    FamilyNameKana = family.Kana,
                    GivenNameKana = member.Given.Kana,
                    DateOfBirth = member.Birth,
                    Sex = member.Male ? Sex.Male : Sex.Female,
                    Address = address,
                    ResidentSince = since,
                    AddressSince = since,
                    HouseholdHead = headName,
                    Relationship = member.Relationship,
                    PermanentDomicile = domicile,
                    HeadOfFamilyRegister = domicile is null ? null : headName,
                    // A few of the statuses that make the kiosk refuse, never for the demo household.
                    Status = h == 0 ? ResidencyStatus.Resident : special switch { 0 => ResidencyStatus.MovedOut, 1 => ResidencyStatus.Deceased, _ => ResidencyStatus.Resident },
                    MoveOutFiled = h != 0 && special == 2,
                    UnderSupportMeasures = h != 0 && special == 3,
                });
            }
        }
        return residents;
    }

    private static DateOnly BirthDate(Random random, int age)
    {
        var year = 2026 - age;
        return new DateOnly(year, random.Next(1, 13), random.Next(1, 29));
    }
}
