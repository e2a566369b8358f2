using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Rendering;
using UglyToad.PdfPig;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Documents;

public sealed class CertificateRendererTests
{
    private static readonly ResidentRecord Resident = TestResidents.Make(42, "9") with { MyNumber = "123456789018", HouseholdNumber = "000042" };

    private static string Text(RenderedCertificate certificate) => PdfText.All(certificate.Pdf);

    [Fact]
    public async Task A_resident_record_copy_carries_its_items_statement_issuer_and_number_on_every_page()
    {
        var rendered = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, Resident, copies: 3);

        var pages = PdfText.Pages(rendered.Pdf);
        Assert.Equal(3, pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            Assert.Contains("住民票の写し", page);
            Assert.Contains(PdfText.Compact(Resident.FullName), page);
            Assert.Contains(PdfText.Compact(Resident.FullNameKana), page);
            Assert.Contains(Resident.Address, page);
            Assert.Contains(PdfText.Compact(Resident.HouseholdHead), page);
            Assert.Contains(JapaneseDates.Format(Resident.DateOfBirth), page);
            Assert.Contains("この写しは、住民票の原本と相違ないことを証明する。", page);
            Assert.Contains("令和8年11月26日", page);
            Assert.Contains("宇都宮市長試験太郎", page);
            Assert.Contains($"証明書番号{rendered.CertificateNumber}", page);
            Assert.Contains($"{i + 1}/3ページ", page);
            Assert.Contains("個人番号及び住民票コードの記載を省略", page);
        }
    }

    [Fact]
    public async Task Hidden_items_stay_hidden_and_chosen_ones_appear()
    {
        var plain = Text(await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, Resident));
        Assert.DoesNotContain("本籍", plain);
        Assert.DoesNotContain(Resident.MyNumber!, plain);
        Assert.Contains("世帯主", plain);

        var chosen = Text(await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, Resident,
            new CertificateOptions(IncludeHouseholdHead: false, IncludePermanentDomicile: true, IncludeMyNumber: true)));
        Assert.Contains("本籍" + Resident.PermanentDomicile, chosen);
        Assert.Contains("筆頭者", chosen);
        Assert.Contains("個人番号" + Resident.MyNumber, chosen);
        Assert.Contains("住民票コードの記載を省略", chosen);
        Assert.DoesNotContain("世帯主", chosen);
        Assert.DoesNotContain("続柄", chosen);
    }

    [Fact]
    public async Task A_household_copy_lists_every_member_and_breaks_pages_with_the_number_on_each()
    {
        var members = Enumerable.Range(0, 7).Select(i => TestResidents.Make(100 + i, "9") with { HouseholdNumber = "000042", Relationship = i == 0 ? "世帯主" : "子" }).ToList();
        var rendered = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, members[0], new CertificateOptions(WholeHousehold: true), household: members);

        var pages = PdfText.Pages(rendered.Pdf);
        Assert.True(pages.Count >= 2, $"seven people should not fit one page ({pages.Count})");
        var all = string.Concat(pages);
        foreach (var member in members) Assert.Contains(PdfText.Compact(member.FullName), all);
        Assert.All(pages, page => Assert.Contains(rendered.CertificateNumber, page));
        Assert.Contains("住民票の写し（続き）", pages[1]);
        // The statement comes once, after the last person.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, "この写しは、住民票の原本と相違ないことを証明する。"));
    }

    [Fact]
    public async Task A_foreign_residents_copy_has_nationality_status_and_card_number_and_no_domicile()
    {
        var foreign = Resident with
        {
            FamilyName = "NGUYEN",
            GivenName = "VAN AN",
            FamilyNameKana = "グエン",
            GivenNameKana = "ヴァン　アン",
            PermanentDomicile = null,
            HeadOfFamilyRegister = null,
            Foreign = new ForeignResidentItems("ベトナム", "AB12345678CD", "技能実習", new DateOnly(2028, 3, 31)),
        };
        var text = Text(await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, foreign, new CertificateOptions(IncludePermanentDomicile: true)));
        Assert.Contains("国籍・地域ベトナム", text);
        Assert.Contains("在留資格技能実習", text);
        Assert.Contains("在留カード等の番号AB12345678CD", text);
        Assert.Contains("在留期間の満了の日令和10年3月31日", text);
        Assert.DoesNotContain("本籍", text);
    }

    [Fact]
    public async Task A_resident_record_items_certificate_certifies_only_the_basic_items()
    {
        var text = Text(await TestCertificates.RenderAsync(CertificateType.ResidentRecordItems, Resident));
        Assert.Contains("住民票記載事項証明書", text);
        Assert.Contains(PdfText.Compact(Resident.FullName), text);
        Assert.Contains(Resident.Address, text);
        Assert.Contains("上記の事項は、住民基本台帳に記載されている事項と相違ないことを証明する。", text);
        Assert.DoesNotContain("続柄", text);
        Assert.DoesNotContain("住民となった日", text);
    }

    [Fact]
    public async Task A_seal_certificate_shows_the_impression_and_the_registrant()
    {
        var seal = new SealRegistration { SourceVersion = 1, RegistrationNumber = "092011-000000042", SealImagePng = TestCertificates.SealPng("佐藤"), RegisteredOn = new DateOnly(2010, 4, 1) };
        var rendered = await TestCertificates.RenderAsync(CertificateType.SealRegistration, Resident, seal: seal);
        var text = Text(rendered);
        Assert.Contains("印鑑登録証明書", text);
        Assert.Contains("登録番号092011-000000042", text);
        Assert.Contains(PdfText.Compact(Resident.FullName), text);
        Assert.Contains("この写しは、登録されている印影と相違ないことを証明する。", text);
        using var document = PdfDocument.Open(rendered.Pdf);
        Assert.Single(document.GetPage(1).GetImages());
        // The impression is signed: the pages show exactly the signed items, the image among them.
        var reading = Pki.Verification.PdfCertificateReader.Read(rendered.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Contains("|image:印影=" + SignedContent.DrawnImagePrefix, reading.SignedContent);
    }

    [Fact]
    public async Task An_income_tax_certificate_shows_the_fiscal_year_income_and_taxes()
    {
        var rendered = await TestCertificates.RenderAsync(CertificateType.IncomeTax, Resident, tax: TestCertificates.Tax(2026));
        var text = Text(rendered);
        Assert.Null(Pki.Verification.PdfCertificateReader.Read(rendered.Pdf).PageMismatch);
        Assert.Contains("令和8年度所得・課税証明書", text);
        Assert.Contains("令和7年中の所得", text);
        Assert.Contains("給与収入4,800,000円", text);
        Assert.Contains("市民税131,300円", text);
        Assert.Contains("県民税86,700円", text);
        Assert.Contains("合計218,000円", text);
    }

    [Fact]
    public async Task The_japanese_font_is_embedded()
    {
        var rendered = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, Resident);
        using var document = PdfDocument.Open(rendered.Pdf);
        var fonts = document.GetPage(1).Letters.Select(l => l.FontName ?? "").Distinct().ToList();
        Assert.Contains(fonts, f => f.Contains("IPAex", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("/FontFile2", System.Text.Encoding.Latin1.GetString(rendered.Pdf));
    }

    [Theory]
    [InlineData("2019-05-01", "令和元年5月1日")]
    [InlineData("2019-04-30", "平成31年4月30日")]
    [InlineData("1989-01-08", "平成元年1月8日")]
    [InlineData("1985-04-12", "昭和60年4月12日")]
    public void Dates_print_in_the_japanese_era(string date, string expected) =>
        Assert.Equal(expected, JapaneseDates.Format(DateOnly.Parse(date)));

    [Fact]
    public async Task A_resident_record_copy_is_small_its_font_subsets_sized_for_the_glyphs_they_hold()
    {
        var one = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, Resident);
        var members = Enumerable.Range(0, 4).Select(i => TestResidents.Make(100 + i, "9") with { HouseholdNumber = "000042" }).ToList();
        var two = await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, members[0], new CertificateOptions(WholeHousehold: true), household: members);

        // Issue 15 asked for at most about 40 KB for one page: most of it is the two font subsets' outlines, then the
        // page's text. The benchmark's 住民票 was 154 KB with PDFsharp's subsets, 50 KB with compacted ones.
        Assert.Equal(2, PdfText.Pages(two.Pdf).Count);
        Assert.InRange(one.Pdf.Length, 1, 40 * 1024);
        Assert.InRange(two.Pdf.Length, 1, 52 * 1024);
    }
}

public sealed class FamilyRegisterRendererTests
{
    [Fact]
    public async Task A_large_register_runs_over_pages_each_bound_to_the_one_certificate()
    {
        var head = TestResidents.Make(1, "8");
        var members = Enumerable.Range(0, 9).Select(i => new FamilyRegisterMember
        {
            Resident = i == 0 ? head.Key : null,
            Name = $"{TestResidents.Make(i + 10, "8").GivenName}{i}",
            DateOfBirth = new DateOnly(1950 + i * 5, 4, 1),
            Sex = i % 2 == 0 ? Sex.Male : Sex.Female,
            Father = "試験　一郎",
            Mother = "試験　花子",
            Relationship = i % 2 == 0 ? "長男" : "長女",
            Removed = i == 8,
            Events = [new FamilyRegisterEvent("出生", new DateOnly(1950 + i * 5, 4, 1), "【出生地】栃木県宇都宮市"), new FamilyRegisterEvent("婚姻", new DateOnly(1980 + i, 6, 1), "【配偶者氏名】試験　某")],
        }).ToList();
        var register = new FamilyRegisterRecord
        {
            MunicipalityCode = "092011", RegisterNumber = "R1", SourceVersion = 1, PermanentDomicile = "栃木県宇都宮市旭一丁目1番地",
            HeadName = head.FullName, CompiledOn = new DateOnly(1975, 1, 1), Members = members,
        };
        var number = CertificateNumbers.New("092011", TestCertificates.IssueDate);
        var rendered = await CertificateRenderer.RenderAsync(
            new CertificateContent("q-f", head.Key, CertificateType.FamilyRegisterAll, CertificateOptions.Default, number, TestCertificates.IssueDate, 1,
                TestCertificates.Utsunomiya, new CertificatePreparation(null, head, FamilyRegister: register), [head]),
            new TestSigner().Sign(number, "koseki-zenbu"));

        var pages = PdfText.Pages(rendered.Pdf);
        Assert.True(pages.Count >= 3, $"nine people with their entries should take several pages, got {pages.Count}");
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"証明書番号{number}", pages[i]);
            Assert.Contains($"{i + 1}/{pages.Count}ページ", pages[i]);
        }
        var all = string.Concat(pages);
        foreach (var member in members) Assert.Contains($"【名】{member.Name}", all);
        Assert.Contains($"【名】{members[8].Name}除籍", all);
        Assert.Contains("これは、戸籍に記録されている事項の全部を証明した書面である。", pages[^1]);
        Assert.Null(Pki.Verification.PdfCertificateReader.Read(rendered.Pdf).PageMismatch);
    }

}
