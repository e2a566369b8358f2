using CertOrleans.Feed;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Demo;

/// <summary>
/// A synthetic city (宇都宮市 unless another of <see cref="DemoCities"/> is asked for): households on real town names with invented people. Deterministic for a
/// seed, so the README can name the demo resident. Everyone in it is fictitious.
/// </summary>
public static class DemoCity
{
    public const string MunicipalityCode = "092011";

    /// <summary>The resident the README names: an adult with a test card whose PIN is <see cref="DemoPin"/>.</summary>
    public static readonly ResidentKey DemoResident = new(MunicipalityCode, "100000001");
    public const string DemoPin = "1234";

    /// <summary>Residents the demo gives cards to so each refusal can be seen at the kiosk, with their PINs.</summary>
    /// <param name="today">The day the cards are made: a foreign resident's 在留期間 is expired or not as of then.</param>
    public static IReadOnlyList<(string Label, ResidentKey Resident, string Pin)> CardHolders(IReadOnlyList<ResidentEntry> city, DateOnly today)
    {
        var holders = new List<(string, ResidentKey, string)> { ("demo", DemoResident, DemoPin) };
        void Add(string label, Func<ResidentEntry, bool> predicate, string pin)
        {
            if (city.FirstOrDefault(predicate) is { } e) holders.Add((label, e.Record.Key, pin));
        }
        static bool Adult(ResidentRecord r) => r.DateOfBirth < new DateOnly(2000, 1, 1) && r.Status == ResidencyStatus.Resident && !r.UnderSupportMeasures && !r.MoveOutFiled;
        Add("support-measures", e => e.Record.UnderSupportMeasures, "1111");
        Add("moved-out", e => e.Record.Status == ResidencyStatus.MovedOut, "2222");
        Add("under-15", e => e.Record.DateOfBirth > new DateOnly(2014, 1, 1) && e.Record.Status == ResidencyStatus.Resident && !e.Record.UnderSupportMeasures, "3333");
        bool Expired(ResidentRecord r) => r.Foreign?.PeriodOfStayEnds < today;
        Add("foreign-resident", e => e.Record is { Foreign.CommonName: null, Relationship: "世帯主" } && !Expired(e.Record) && Adult(e.Record), "4444");
        Add("no-seal", e => e.Seal is null && e.Record.Foreign is null && Adult(e.Record), "5555");
        // A foreign spouse in a Japanese household: their household's 住民票 holds both kinds of resident.
        Add("mixed-household", e => e.Record is { Foreign: not null, Relationship: not "世帯主" } && !Expired(e.Record) && Adult(e.Record), "6666");
        Add("foreign-stay-expired", e => Expired(e.Record) && Adult(e.Record), "7777");
        Add("foreign-common-name", e => e.Record.Foreign?.CommonNameHistory is not null && Adult(e.Record), "8888");
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

    private static readonly string[] Elsewhere = ["東京都世田谷区桜丘一丁目", "福島県郡山市堂前町", "茨城県水戸市三の丸一丁目", "群馬県前橋市大手町二丁目"];

    /// <summary>
    /// The synthetic city for <paramref name="today"/>: 住基 records, seal registrations for most adults and
    /// tax records of the current fiscal year for adults with income. Deterministic for a seed and a day.
    /// </summary>
    public static IReadOnlyList<ResidentEntry> Generate(int households, int seed, DateOnly today, DemoCityProfile? city = null) => Stream(households, seed, today, city: city).ToList();

    /// <summary>
    /// The same city, produced one resident at a time so a city of half a million never sits in memory.
    /// <paramref name="singleShare"/> makes that share of households single-person (0.16 gives ~2.26 people a
    /// household, Utsunomiya's 520,000 in 230,000); <paramref name="sealSize"/> is the impression's size in pixels.
    /// </summary>
    /// <param name="numbering">The first resident number; households are numbered from the same offset, so populations
    /// with different numbering (the demo city, a load generator's people) never share a resident or a household.</param>
    public static IEnumerable<ResidentEntry> Stream(int households, int seed, DateOnly today, double singleShare = 0, int sealSize = 240, DemoCityProfile? city = null,
        int numbering = 100000001)
    {
        city ??= DemoCities.Utsunomiya;
        var towns = city.Towns;
        var random = new Random(seed);
        var seals = new Dictionary<string, byte[]>();
        var fiscalYear = today.Month >= 6 ? today.Year : today.Year - 1;
        var number = numbering;
        var householdBase = numbering / 100000000 - 1; // 0 for the demo city
        for (var h = 0; h < households; h++)
        {
            var family = FamilyNames[random.Next(FamilyNames.Length)];
            var town = towns[random.Next(towns.Count)];
            var address = $"{city.AddressPrefix}{town}{random.Next(1, 30)}番{random.Next(1, 25)}号";
            // Three in four keep their 本籍 in the city (so their 戸籍 is held here); the rest elsewhere.
            string? domicile = random.Next(4) == 0
                ? $"{Elsewhere[random.Next(Elsewhere.Length)]}{random.Next(1, 30)}番地"
                : $"{city.AddressPrefix}{towns[random.Next(towns.Count)]}{random.Next(1, 30)}番地";
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
            if (h == 0 && city == DemoCities.Utsunomiya)
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
            else if (singleShare == 0 || random.NextDouble() >= singleShare)
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

            // Every 15th household is a foreign resident living alone (no 本籍; nationality and residence card instead).
            var foreign = h % 15 == 7 ? DemoForeigners.Alone[h / 15 % DemoForeigners.Alone.Length] : default;
            if (foreign.Nationality is not null)
            {
                family = (foreign.Family, foreign.FamilyKana);
                domicile = null;
                headName = $"{foreign.Family} {foreign.Given}";
                members.Clear();
                members.Add((random.Next(2) == 0, (foreign.Given, foreign.GivenKana), BirthDate(random, 28 + h % 20), "世帯主"));
            }
            // Every 15th household, a few after, whose head is married: the spouse is a foreign resident (a mixed household).
            int? foreignSpouse = foreign.Nationality is null && h % 15 == 11 && members.Any(m => m.Relationship is "妻" or "夫") ? h / 15 % DemoForeigners.Spouses.Length : null;
            var householdNumber = householdBase == 0 ? $"{h + 1:D6}" : $"{householdBase}-{h + 1:D6}";
            var cardNumber = $"{(char)('A' + h % 26)}{(char)('B' + h % 24)}{random.Next(10_000_000, 99_999_999)}{(char)('C' + h % 23)}{(char)('D' + h % 22)}";

            foreach (var member in members)
            {
                var key = new ResidentKey(city.Code, (number++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                var since = member.Birth > movedIn ? member.Birth : movedIn;
                var special = random.Next(100);
                var adult = IssuanceAge(member.Birth, today) >= 18;
                var spouse = foreignSpouse is { } s && member.Relationship is "妻" or "夫" ? DemoForeigners.Spouses[s] : default;
                var (familyName, familyKana, givenName, givenKana) = spouse.Nationality is null
                    ? (family.Kanji, family.Kana, member.Given.Kanji, member.Given.Kana)
                    : (spouse.Family, spouse.FamilyKana, spouse.Given, spouse.GivenKana);
                var ownDomicile = spouse.Nationality is null ? domicile : null;
                var record = new ResidentRecord
                {
                    Key = key,
                    SourceVersion = 1,
                    FamilyName = familyName,
                    GivenName = givenName,
                    FamilyNameKana = familyKana,
                    GivenNameKana = givenKana,
                    DateOfBirth = member.Birth,
                    Sex = member.Male ? Sex.Male : Sex.Female,
                    Address = address,
                    ResidentSince = since,
                    AddressSince = since,
                    HouseholdHead = headName,
                    Relationship = member.Relationship,
                    PermanentDomicile = ownDomicile,
                    HeadOfFamilyRegister = ownDomicile is null ? null : headName,
                    // A few of the statuses that make the kiosk refuse, never for the demo household.
                    Status = h == 0 ? ResidencyStatus.Resident : special switch { 0 => ResidencyStatus.MovedOut, 1 => ResidencyStatus.Deceased, _ => ResidencyStatus.Resident },
                    MoveOutFiled = h != 0 && special == 2,
                    UnderSupportMeasures = h != 0 && special == 3,
                    HouseholdNumber = householdNumber,
                    FamilyRegisterNumber = ownDomicile is not null && ownDomicile.StartsWith(city.AddressPrefix, StringComparison.Ordinal) ? householdNumber : null,
                    Foreign = foreign.Nationality is not null ? DemoForeigners.Items(foreign, cardNumber, today, since)
                        : spouse.Nationality is not null ? DemoForeigners.SpouseItems(spouse.Nationality, cardNumber, today)
                        : null,
                    // Where they came from and why the record last changed: born here, or moved in from elsewhere.
                    PreviousAddress = since == member.Birth ? null : $"{Elsewhere[h % Elsewhere.Length]}{h % 29 + 1}番{h % 17 + 1}号",
                    LastChange = new ResidentChange(since == member.Birth ? ResidentChangeReason.Birth : ResidentChangeReason.MoveIn, since),
                };
                // Most adults have a registered seal; every tenth of those has none, so the refusal can be seen.
                SealRegistration? seal = adult && (h == 0 || special % 10 != 9)
                    ? new SealRegistration
                    {
                        SourceVersion = 1,
                        RegistrationNumber = $"{city.Code}-{number:D9}",
                        SealImagePng = SealImage(seals, family.Kanji.Length <= 4 ? family.Kanji : family.Kanji[..4], sealSize),
                        RegisteredOn = since > new DateOnly(2000, 1, 1) ? since : new DateOnly(2000, 1, 1),
                    }
                    : null;
                var taxes = new List<TaxRecord>();
                if (adult && (h == 0 || member.Relationship == "世帯主" || special % 3 == 0))
                {
                    var salary = (long)random.Next(180, 900) * 10_000;
                    var extra = (long)random.Next(0, 80) * 10_000;
                    taxes.AddRange(DemoTaxes.Years(salary, extra, fiscalYear));
                }
                yield return new ResidentEntry(record, seal, taxes);
            }
        }
    }

    // One impression per name: drawing is slow, and in a synthetic city every 佐藤 may share a seal.
    private static byte[] SealImage(Dictionary<string, byte[]> cache, string name, int size) =>
        cache.TryGetValue(name, out var png) ? png : cache[name] = SealImpressions.Draw(name, size);

    /// <summary>
    /// The 戸籍 held by the city: one per household whose 本籍 is here, with the household's people as its
    /// members, their 出生 and 婚姻 entries and the 附票's address.
    /// </summary>
    public static IReadOnlyList<FamilyRegisterRecord> FamilyRegisters(IEnumerable<ResidentEntry> city) => StreamFamilyRegisters(city).ToList();

    /// <summary>The registers of a city streamed household by household (the generator emits a household's people together).</summary>
    public static IEnumerable<FamilyRegisterRecord> StreamFamilyRegisters(IEnumerable<ResidentEntry> city)
    {
        var people = new List<ResidentRecord>();
        foreach (var record in city.Select(e => e.Record).Where(r => r.FamilyRegisterNumber is not null))
        {
            if (people.Count > 0 && people[0].FamilyRegisterNumber != record.FamilyRegisterNumber)
            {
                yield return Register(people);
                people = [];
            }
            people.Add(record);
        }
        if (people.Count > 0) yield return Register(people);
    }

    private static FamilyRegisterRecord Register(List<ResidentRecord> people)
    {
        var head = people.FirstOrDefault(p => p.Relationship == "世帯主") ?? people[0];
        var spouse = people.FirstOrDefault(p => p.Relationship is "妻" or "夫");
        var sons = 0;
        var daughters = 0;
        string ChildRelationship(ResidentRecord child) => child.Sex == Sex.Male
            ? (++sons) switch { 1 => "長男", 2 => "二男", _ => $"{sons}男" }
            : (++daughters) switch { 1 => "長女", 2 => "二女", _ => $"{daughters}女" };
        FamilyRegisterMember Member(ResidentRecord r, string relationship, string? father, string? mother)
        {
            var events = new List<FamilyRegisterEvent> { new("出生", r.DateOfBirth, $"【出生地】{r.Address[..(r.Address.IndexOf('市') + 1)]}") };
            if (spouse is not null && (r == head || r == spouse))
                events.Add(new FamilyRegisterEvent("婚姻", spouse.ResidentSince, $"【配偶者氏名】{(r == head ? spouse.FullName : head.FullName)}"));
            return new FamilyRegisterMember
            {
                Resident = r.Key, Name = r.GivenName, DateOfBirth = r.DateOfBirth, Sex = r.Sex, Father = father, Mother = mother,
                Relationship = relationship, Events = events, AddressHistory = [new AddressEntry(r.Address, r.AddressSince)],
            };
        }
        var members = new List<FamilyRegisterMember> { Member(head, head.Sex == Sex.Male ? "長男" : "長女", null, null) };
        if (spouse is not null) members.Add(Member(spouse, spouse.Sex == Sex.Male ? "夫" : "妻", null, null));
        var (father, mother) = head.Sex == Sex.Male ? (head.FullName, spouse?.FullName) : (spouse?.FullName, head.FullName);
        foreach (var child in people.Where(p => p.Relationship == "子").OrderBy(p => p.DateOfBirth))
            members.Add(Member(child, ChildRelationship(child), father, mother));
        return new FamilyRegisterRecord
        {
            MunicipalityCode = head.Key.MunicipalityCode,
            RegisterNumber = head.FamilyRegisterNumber!,
            SourceVersion = 1,
            PermanentDomicile = head.PermanentDomicile!,
            HeadName = head.FullName,
            CompiledOn = spouse?.ResidentSince ?? head.ResidentSince,
            Members = members,
        };
    }

    private static int IssuanceAge(DateOnly birth, DateOnly today) => today.Year - birth.Year - (today < birth.AddYears(today.Year - birth.Year) ? 1 : 0);

    private static DateOnly BirthDate(Random random, int age)
    {
        var year = 2026 - age;
        return new DateOnly(year, random.Next(1, 13), random.Next(1, 29));
    }
}
