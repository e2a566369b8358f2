using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Demo;

/// <summary>The demo city's foreign residents: some living alone, some married into a Japanese household. All fictitious.</summary>
internal static class DemoForeigners
{
    /// <summary>
    /// Foreign residents living alone: a 在留期間 in days from the day the city is made (negative: already ended; null: none),
    /// the カタカナ併記名 where registered (empty where not) and a 通称 for the 特別永住者, with a deleted one before it.
    /// </summary>
    public static readonly (string Nationality, string Family, string FamilyKana, string Given, string GivenKana, ForeignResidentCategory Category, string Status, string? Period, int? EndsInDays, string? CommonName)[] Alone =
    [
        ("ベトナム", "NGUYEN", "グエン", "VAN AN", "ヴァン　アン", ForeignResidentCategory.MidToLongTerm, "技能実習", "1年", 400, null),
        ("フィリピン", "SANTOS", "サントス", "MARIA", "マリア", ForeignResidentCategory.MidToLongTerm, "永住者", null, null, null),
        ("ブラジル", "SILVA", "", "LUCAS", "", ForeignResidentCategory.MidToLongTerm, "定住者", "5年", 900, null),
        ("中国", "WANG", "ワン", "FANG", "ファン", ForeignResidentCategory.MidToLongTerm, "技術・人文知識・国際業務", "3年", 700, null),
        ("韓国", "KIM", "キム", "MINJUN", "ミンジュン", ForeignResidentCategory.SpecialPermanent, "", null, null, "金田　民俊"),
        ("ネパール", "SHRESTHA", "シュレスタ", "BIKASH KUMAR", "ビカス　クマール", ForeignResidentCategory.MidToLongTerm, "留学", "1年3月", -10, null),
    ];

    /// <summary>The foreign spouses of mixed households (a Japanese head, a foreign spouse): a name long enough to wrap.</summary>
    public static readonly (string Nationality, string Family, string FamilyKana, string Given, string GivenKana)[] Spouses =
    [
        ("アメリカ合衆国", "MONTGOMERY-WILLIAMSON", "モンゴメリーウィリアムソン", "ELIZABETH ALEXANDRA CATHERINE", "エリザベス　アレクサンドラ　キャサリン"),
        ("タイ", "SRISUKHOTHAI-RATTANAKOSIN", "", "PATCHARAPORN KANYARAT", ""),
    ];

    /// <summary>The items of one living alone; the 特別永住者's 通称 was recorded in 大阪市 first, then changed on moving here.</summary>
    public static ForeignResidentItems Items(
        (string Nationality, string Family, string FamilyKana, string Given, string GivenKana, ForeignResidentCategory Category, string Status, string? Period, int? EndsInDays, string? CommonName) foreign,
        string cardNumber, DateOnly today, DateOnly since) =>
        new(foreign.Nationality, cardNumber, foreign.Status, foreign.EndsInDays is { } days ? today.AddDays(days) : null)
        {
            Category = foreign.Category,
            PeriodOfStay = foreign.Period,
            CommonName = foreign.CommonName,
            CommonNameHistory = foreign.CommonName is { } name
                ? new CommonNameHistory([new CommonNameEntry("金本　民俊", "大阪市", since, "大阪市", since.AddDays(30)), new CommonNameEntry(name, "宇都宮市", since.AddDays(30))])
                : null,
        };

    /// <summary>A spouse of a Japanese national: 中長期在留者, 日本人の配偶者等 for three years.</summary>
    public static ForeignResidentItems SpouseItems(string nationality, string cardNumber, DateOnly today) =>
        new(nationality, cardNumber, "日本人の配偶者等", today.AddDays(500)) { Category = ForeignResidentCategory.MidToLongTerm, PeriodOfStay = "3年" };
}
