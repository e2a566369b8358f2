using CertOrleans.Contracts.Residents;

namespace CertOrleans.Tests.Support;

/// <summary>Builds distinct, fictitious residents for tests.</summary>
public static class TestResidents
{
    public const string Utsunomiya = "092011";

    // No family name is a suffix of another, so "no other resident's name" can be checked by substring.
    private static readonly string[] Families = ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "加藤", "吉田", "山田", "佐々木", "松本", "井上", "木村", "斎藤", "清水", "阿久津", "福田", "手塚"];
    private static readonly string[] FamiliesKana = ["サトウ", "スズキ", "タカハシ", "タナカ", "ワタナベ", "イトウ", "ヤマモト", "ナカムラ", "カトウ", "ヨシダ", "ヤマダ", "ササキ", "マツモト", "イノウエ", "キムラ", "サイトウ", "シミズ", "アクツ", "フクダ", "テヅカ"];
    private static readonly string[] Givens = ["一郎", "花子", "健太", "美咲", "翔太", "陽菜", "大輔", "結衣", "誠", "恵子", "拓也", "由美"];
    private static readonly string[] GivensKana = ["イチロウ", "ハナコ", "ケンタ", "ミサキ", "ショウタ", "ヒナ", "ダイスケ", "ユイ", "マコト", "ケイコ", "タクヤ", "ユミ"];

    public static int Capacity => Families.Length * Givens.Length;

    /// <summary>The i-th distinct resident (0 ≤ i &lt; <see cref="Capacity"/>) with a unique name and address.</summary>
    public static ResidentRecord Make(int i, string residentNumberPrefix, Func<ResidentRecord, ResidentRecord>? adjust = null)
    {
        var family = i % Families.Length;
        var given = i / Families.Length % Givens.Length;
        var record = new ResidentRecord
        {
            Key = new ResidentKey(Utsunomiya, $"{residentNumberPrefix}{i:D5}"),
            SourceVersion = 1,
            FamilyName = Families[family],
            GivenName = Givens[given],
            FamilyNameKana = FamiliesKana[family],
            GivenNameKana = GivensKana[given],
            DateOfBirth = new DateOnly(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            Sex = given % 2 == 0 ? Sex.Male : Sex.Female,
            Address = $"栃木県宇都宮市旭一丁目{i / 25 + 1}番{i % 25 + 1}号",
            ResidentSince = new DateOnly(2001, 4, 1),
            AddressSince = new DateOnly(2001, 4, 1),
            HouseholdHead = $"{Families[family]}　{Givens[given]}",
            Relationship = "世帯主",
            PermanentDomicile = "栃木県宇都宮市旭一丁目1番地",
            HeadOfFamilyRegister = $"{Families[family]}　{Givens[given]}",
        };
        return adjust is null ? record : adjust(record);
    }
}
