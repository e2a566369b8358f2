namespace CertOrleans.Admin.Demo;

/// <summary>One synthetic city of the demo: its 全国地方公共団体コード, its prefix of every address, and its towns.</summary>
public sealed record DemoCityProfile(string Code, string Prefecture, string Name, IReadOnlyList<string> Towns)
{
    /// <summary>What every address in the city starts with, e.g. 栃木県宇都宮市.</summary>
    public string AddressPrefix => Prefecture + Name;
}

/// <summary>
/// The demo's cities: 宇都宮市, whose synthetic residents the README names, and two more each with its own
/// registry, registry key, keys, journal and reports. The silos' appsettings.json configures all three.
/// </summary>
public static class DemoCities
{
    public static readonly DemoCityProfile Utsunomiya = new("092011", "栃木県", "宇都宮市",
    [
        "旭一丁目", "旭二丁目", "本町", "馬場通り二丁目", "大通り一丁目", "西原町", "戸祭元町", "今泉町",
        "宝木町一丁目", "駒生町", "鶴田町", "平松本町", "御幸ケ原町", "若草二丁目", "中戸祭一丁目", "峰町",
        "陽東三丁目", "泉が丘五丁目", "東宿郷二丁目", "一条三丁目", "西一の沢町", "簗瀬町", "江曽島本町", "下栗町",
    ]);

    public static readonly DemoCityProfile Ashikaga = new("092029", "栃木県", "足利市",
        ["本城一丁目", "通二丁目", "伊勢町", "家富町", "助戸一丁目", "大町", "田中町", "福居町", "緑町一丁目", "朝倉町"]);

    public static readonly DemoCityProfile Hachioji = new("132012", "東京都", "八王子市",
        ["元本郷町三丁目", "旭町", "横山町", "八日町", "明神町二丁目", "子安町三丁目", "散田町", "元八王子町", "大和田町", "台町一丁目"]);

    public static readonly IReadOnlyList<DemoCityProfile> All = [Utsunomiya, Ashikaga, Hachioji];
}
