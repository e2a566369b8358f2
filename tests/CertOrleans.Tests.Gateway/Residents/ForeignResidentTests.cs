using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Feed;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Pki.Verification;
using CertOrleans.Rendering;
using UglyToad.PdfPig;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Residents;

/// <summary>
/// Foreign residents end to end: their records arrive through the registry feed, the card holder orders at the kiosk,
/// and the printed 住民票 shows their own items, wraps a long name in the alphabet between its words, and verifies.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ForeignResidentTests(GatewayFixture fixture)
{
    private const string City = TestResidents.Utsunomiya;
    private static int next;

    private DateOnly Today => JapaneseDates.TodayInJapan(fixture.Host.Time);

    /// <summary>A foreign resident of 宇都宮市: a 中長期在留者 whose 在留期間 ends in a year, with a カタカナ併記名.</summary>
    private ResidentRecord Foreigner(string household) => new()
    {
        Key = new ResidentKey(City, $"66{Interlocked.Increment(ref next):D6}"),
        SourceVersion = 1,
        FamilyName = "NGUYEN", GivenName = "THI LAN", FamilyNameKana = "グエン", GivenNameKana = "ティ　ラン",
        DateOfBirth = new DateOnly(1995, 6, 14), Sex = Sex.Female,
        Address = "栃木県宇都宮市旭一丁目9番9号", ResidentSince = new DateOnly(2022, 4, 1), AddressSince = new DateOnly(2023, 10, 2),
        HouseholdHead = "NGUYEN THI LAN", Relationship = "世帯主", HouseholdNumber = household,
        Foreign = new ForeignResidentItems("ベトナム", "AB12345678CD", "技術・人文知識・国際業務", Today.AddYears(1))
        {
            Category = ForeignResidentCategory.MidToLongTerm, PeriodOfStay = "3年", CommonName = "中村　蘭",
            CommonNameHistory = new CommonNameHistory([new CommonNameEntry("中村　蘭", "宇都宮市", new DateOnly(2022, 5, 9))]),
        },
        PreviousAddress = "東京都新宿区西新宿二丁目8番1号",
        LastChange = new ResidentChange(ResidentChangeReason.MoveWithin, new DateOnly(2023, 10, 2)),
    };

    /// <summary>佐藤 一郎, a Japanese resident with his 本籍 in the city, head of <paramref name="household"/>.</summary>
    private static ResidentRecord Japanese(string household) => TestResidents.Make(0, "67", r => r with
    {
        Key = new ResidentKey(City, $"67{Interlocked.Increment(ref next):D6}"),
        HouseholdNumber = household,
        Address = "栃木県宇都宮市旭一丁目9番9号",
        FamilyName = "佐藤",
        GivenName = "一郎",
        FamilyNameKana = "サトウ",
        GivenNameKana = "イチロウ",
        HouseholdHead = "佐藤　一郎",
        HeadOfFamilyRegister = "佐藤　一郎",
        Relationship = "世帯主",
    });

    private static string NewHousehold() => $"fr-{Guid.NewGuid():N}"[..20];

    /// <summary>Sends the records through the registry feed, one PUT each, and gives the first a linked card.</summary>
    private async Task<SoftwareCard> FeedAsync(params ResidentRecord[] records)
    {
        var registry = fixture.BearerClient(GatewayFixture.RegistryKey);
        foreach (var record in records)
        {
            var response = await registry.PutAsync("registry/v1/residents", new StringContent(ResidentFile.ToJson(record), Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Equal("applied", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        }
        var card = fixture.Pki.IssueCard();
        await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(records[0].Key, "test");
        return card;
    }

    private async Task<(string Text, IReadOnlyList<ContentItem> Signed, byte[] Pdf)> PrintAsync(SoftwareCard card, KioskOptions? options = null)
    {
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "juminhyo", options: options);
        Assert.Equal("Printed", printed.Outcome);
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Null(reading.PageMismatch);
        var keys = (await fixture.Host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(City)).GetPublicKeys())
            .Select(k => new PublicIssuingKey(City, k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt)).ToList();
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, keys));
        // And as anyone holding the paper's PDF checks it: the gateway's public verification.
        var upload = new ByteArrayContent(printed.Document.Pdf);
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var verdict = await fixture.Client(terminalId: null).PostAsync("verify/v1/documents", upload);
        Assert.Equal("genuine", (await verdict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
        Assert.True(SignedContent.TryDecode(reading.SignedContent!, out var items));
        return (PdfText.All(printed.Document.Pdf), items, printed.Document.Pdf);
    }

    private static string? Value(IEnumerable<ContentItem> items, string name) => items.FirstOrDefault(i => i.Name == name)?.Value;

    [Fact]
    public async Task A_foreign_residents_copy_prints_their_own_items_by_default_and_verifies()
    {
        var card = await FeedAsync(Foreigner(NewHousehold()));
        var (text, signed, _) = await PrintAsync(card);

        Assert.Equal("NGUYEN THI LAN", Value(signed, "氏名"));
        Assert.Equal("グエン　ティ　ラン", Value(signed, "カタカナ併記名"));
        Assert.Equal("中村　蘭", Value(signed, "通称"));
        Assert.Equal("ベトナム", Value(signed, "国籍・地域"));
        Assert.Equal("中長期在留者", Value(signed, "法第30条の45の区分"));
        Assert.Equal("技術・人文知識・国際業務", Value(signed, "在留資格"));
        Assert.Equal("3年", Value(signed, "在留期間"));
        Assert.Equal(JapaneseDates.Format(Today.AddYears(1)), Value(signed, "在留期間の満了の日"));
        Assert.Equal("AB12345678CD", Value(signed, "在留カード等の番号"));
        Assert.Equal("令和4年4月1日", Value(signed, "外国人住民となった日"));
        Assert.Contains("国籍・地域ベトナム", text);
        Assert.Contains("在留カード等の番号AB12345678CD", text);
        // Printed only when chosen: the 通称's history, 前住所, 異動事由. Never a 本籍.
        Assert.DoesNotContain("通称の履歴", text);
        Assert.DoesNotContain("前住所", text);
        Assert.DoesNotContain("異動事由", text);
        Assert.DoesNotContain("本籍", text);
    }

    [Fact]
    public async Task Previous_address_last_change_and_common_name_history_are_printed_signed_and_verified_only_when_chosen()
    {
        var person = Foreigner(NewHousehold());
        var card = await FeedAsync(person);

        var (plain, plainSigned, _) = await PrintAsync(card);
        Assert.DoesNotContain("前住所", plain);
        Assert.DoesNotContain("東京都新宿区", plain);
        Assert.DoesNotContain(plainSigned, i => i.Name is "前住所" or "異動事由" or "通称の履歴");

        var (text, signed, _) = await PrintAsync(card, new KioskOptions(IncludePreviousAddress: true, IncludeLastChange: true, IncludeCommonNameHistory: true));
        Assert.Equal("東京都新宿区西新宿二丁目8番1号", Value(signed, "前住所"));
        Assert.Equal("転居　令和5年10月2日", Value(signed, "異動事由"));
        Assert.Equal("中村　蘭　宇都宮市令和4年5月9日記載", Value(signed, "通称の履歴"));
        Assert.Contains("前住所東京都新宿区西新宿二丁目8番1号", text);
        Assert.Contains("異動事由転居令和5年10月2日", text);

        // Chosen one at a time, each prints alone.
        var (onlyChange, _, _) = await PrintAsync(card, new KioskOptions(IncludeLastChange: true));
        Assert.Contains("異動事由転居令和5年10月2日", onlyChange);
        Assert.DoesNotContain("前住所", onlyChange);
    }

    [Fact]
    public async Task A_mixed_household_prints_each_member_with_their_own_items_and_verifies()
    {
        var household = NewHousehold();
        var head = Japanese(household);
        var spouse = Foreigner(household) with { HouseholdHead = "佐藤　一郎", Relationship = "妻" };
        var card = await FeedAsync(spouse, head);

        var (_, signed, _) = await PrintAsync(card, new KioskOptions(WholeHousehold: true, IncludePermanentDomicile: true, IncludePreviousAddress: true));
        var blocks = Blocks(signed);
        Assert.Equal(2, blocks.Count);
        var japanese = blocks.Single(b => b.Heading == "佐藤　一郎").Items;
        var foreign = blocks.Single(b => b.Heading == "NGUYEN THI LAN").Items;
        Assert.Equal("栃木県宇都宮市旭一丁目1番地", Value(japanese, "本籍"));
        Assert.Null(Value(japanese, "国籍・地域"));
        Assert.Equal("住民となった日", japanese.Select(i => i.Value).First(v => v.EndsWith("となった日", StringComparison.Ordinal)));
        Assert.Null(Value(foreign, "本籍"));
        Assert.Equal("ベトナム", Value(foreign, "国籍・地域"));
        Assert.Equal("AB12345678CD", Value(foreign, "在留カード等の番号"));
        Assert.Equal("妻", Value(foreign, "続柄"));
        // 前住所 chosen: printed for the member whose record has one, no row for the member whose record has none.
        Assert.Equal("東京都新宿区西新宿二丁目8番1号", Value(foreign, "前住所"));
        Assert.DoesNotContain(japanese, i => i.Value == "前住所");
    }

    /// <summary>The items of each person of a household certificate, from their heading to the next.</summary>
    private static List<(string Heading, List<ContentItem> Items)> Blocks(IReadOnlyList<ContentItem> signed)
    {
        var blocks = new List<(string, List<ContentItem>)>();
        foreach (var item in signed)
        {
            if (item.Name == "heading") blocks.Add((item.Value, []));
            else if (blocks.Count > 0 && item.Name != "備考") blocks[^1].Item2.Add(item);
        }
        return blocks;
    }

    [Fact]
    public async Task An_expired_period_of_stay_is_refused_at_the_kiosk_and_sends_the_resident_to_the_counter()
    {
        var household = NewHousehold();
        var expired = Foreigner(household) with { Foreign = Foreigner(household).Foreign! with { PeriodOfStayEnds = Today.AddDays(-1) } };
        var card = await FeedAsync(expired);

        var refused = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "juminhyo"));
        Assert.Equal(RefusalCodes.PeriodOfStayExpired, refused.Code);
        Assert.Contains("窓口", refused.Title);
        // The menu said so before anything was ordered, for every certificate the holder could otherwise have.
        var kiosk = fixture.Kiosk();
        var (started, menu) = await kiosk.SignInAsync(card, TestPki.CardPin, City);
        await kiosk.CancelAsync(started.RequestId);
        Assert.All(menu.Offers.Where(o => o.CertificateType is "juminhyo" or "juminhyo-items"), o => Assert.Equal(RefusalCodes.PeriodOfStayExpired, o.RefusalCode));

        // The 満了の日 itself is still within the period: the same record ending today prints.
        var endsToday = expired with { SourceVersion = 2, Foreign = expired.Foreign! with { PeriodOfStayEnds = Today } };
        var registry = fixture.BearerClient(GatewayFixture.RegistryKey);
        Assert.True((await registry.PutAsync("registry/v1/residents", new StringContent(ResidentFile.ToJson(endsToday), Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        var (text, _, _) = await PrintAsync(card);
        Assert.Contains($"在留期間の満了の日{JapaneseDates.Format(Today)}", text);
    }

    [Fact]
    public async Task A_household_certificate_is_refused_while_a_members_period_of_stay_has_expired_but_the_heads_own_copy_prints()
    {
        var household = NewHousehold();
        var head = Japanese(household);
        var spouse = Foreigner(household) with { HouseholdHead = "佐藤　一郎", Relationship = "妻" };
        spouse = spouse with { Foreign = spouse.Foreign! with { PeriodOfStayEnds = Today.AddDays(-30) } };
        var card = await FeedAsync(head, spouse);

        var refused = await Assert.ThrowsAsync<KioskProblemException>(() =>
            fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "juminhyo", options: new KioskOptions(WholeHousehold: true)));
        Assert.Equal(RefusalCodes.HouseholdPeriodOfStayExpired, refused.Code);
        var (text, _, _) = await PrintAsync(card);
        Assert.Contains("佐藤", text);
        Assert.DoesNotContain("NGUYEN", text);
    }

    [Fact]
    public async Task A_long_name_in_the_alphabet_wraps_between_its_words_inside_its_box_and_verifies()
    {
        const string family = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF";
        const string given = "HUBERT BLAINE WOLFGANG AMADEUS JOHANN SEBASTIAN";
        var household = NewHousehold();
        var card = await FeedAsync(Foreigner(household) with { FamilyName = family, GivenName = given, FamilyNameKana = "", GivenNameKana = "", HouseholdHead = "佐藤　一郎", Relationship = "夫" },
            Japanese(household));

        var (_, signed, pdf) = await PrintAsync(card);
        var name = signed.Single(i => i.Name == "氏名");
        Assert.Equal($"{family} {given}", name.Value);
        Assert.Null(Value(signed, "カタカナ併記名"));

        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(name.Page);
        var letters = page.Letters.Where(l => name.Box.Contains(l.StartBaseLine.X, page.Height - l.StartBaseLine.Y, 0)).ToList();
        var lines = letters.GroupBy(l => Math.Round(l.StartBaseLine.Y, 1)).OrderByDescending(g => g.Key)
            .Select(g => string.Concat(g.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value))).ToList();
        Assert.True(lines.Count >= 2, $"the name takes {lines.Count} line(s)");
        // Each line ends at a space (kept, it draws nothing), so the lines are whole words.
        Assert.Equal(name.Value, string.Concat(lines));
        Assert.All(lines.SkipLast(1), line => Assert.EndsWith(" ", line));
        Assert.Equal(name.Value.Split(' '), lines.SelectMany(l => l.TrimEnd().Split(' ')));
        // No letter that draws reaches past the value cell's inner edge.
        Assert.All(letters.Where(l => l.Value != " "), l => Assert.True(l.EndBaseLine.X <= CertificatePage.Right - 6 + 0.01, $"a letter ends at {l.EndBaseLine.X}"));

        // On the household's 住民票 the member's heading band wraps the name too, grows to hold it, and verifies.
        var (_, householdCopy, _) = await PrintAsync(card, new KioskOptions(WholeHousehold: true));
        var heading = householdCopy.Single(i => i.Name == "heading" && i.Value == name.Value);
        Assert.True(heading.Box.Bottom - heading.Box.Top > 30, "the heading band holds two lines");
        Assert.True(heading.Box.Right <= CertificatePage.Right + 1);
    }
}
