using CertOrleans.Grains.Documents;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace CertOrleans.Tests.Documents;

public sealed class ResidentRecordCopyRendererTests
{
    internal static readonly MunicipalityConfiguration Utsunomiya = new()
    {
        Name = "宇都宮市", Prefecture = "栃木県", MayorTitle = "宇都宮市長", MayorName = "試験　太郎", Fees = new Dictionary<string, int> { ["juminhyo"] = 200 },
    };

    [Fact]
    public async Task The_certificate_carries_the_items_the_statement_the_issuer_and_its_number_on_every_page()
    {
        var resident = TestResidents.Make(42, "9");
        var number = CertificateNumbers.New("092011", new DateOnly(2026, 11, 26));
        var rendered = await ResidentRecordCopyRenderer.RenderAsync(new CertificateContent("q-x", resident.Key, number, new DateOnly(2026, 11, 26), 3, resident, Utsunomiya), new TestSigner().Sign(number));

        var pages = PdfText.Pages(rendered.Pdf);
        Assert.Equal(3, pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            Assert.Contains("住民票の写し", page);
            Assert.Contains(PdfText.Compact(resident.FullName), page);
            Assert.Contains(PdfText.Compact(resident.FullNameKana), page);
            Assert.Contains(resident.Address, page);
            Assert.Contains(PdfText.Compact(resident.HouseholdHead), page);
            Assert.Contains(JapaneseDates.Format(resident.DateOfBirth), page);
            Assert.Contains("この写しは、住民票の原本と相違ないことを証明する。", page);
            Assert.Contains("令和8年11月26日", page);
            Assert.Contains("宇都宮市長試験太郎", page);
            Assert.Contains("宇都宮市長之印".Substring(0, 3), page);
            Assert.Contains($"証明書番号{number}", page);
            Assert.Contains($"{i + 1}/3ページ", page);
            Assert.Contains("個人番号及び住民票コードの記載を省略", page);
        }
    }

    [Fact]
    public async Task The_japanese_font_is_embedded()
    {
        var resident = TestResidents.Make(5, "9");
        var rendered = await ResidentRecordCopyRenderer.RenderAsync(new CertificateContent("q-x", resident.Key, "092011-20261126-0000000000", new DateOnly(2026, 11, 26), 1, resident, Utsunomiya), new TestSigner().Sign("092011-20261126-0000000000"));
        using var document = PdfDocument.Open(rendered.Pdf);
        var fonts = document.GetPage(1).Letters.Select(l => l.FontName ?? "").Distinct().ToList();
        Assert.Contains(fonts, f => f.Contains("IPAex", StringComparison.OrdinalIgnoreCase));
        // Subset-embedded TrueType: the font program is in the file, so the certificate prints the same anywhere.
        Assert.Contains("/FontFile2", System.Text.Encoding.Latin1.GetString(rendered.Pdf));
    }

    [Theory]
    [InlineData("2019-05-01", "令和元年5月1日")]
    [InlineData("2019-04-30", "平成31年4月30日")]
    [InlineData("1989-01-08", "平成元年1月8日")]
    [InlineData("1985-04-12", "昭和60年4月12日")]
    public void Dates_print_in_the_japanese_era(string date, string expected) =>
        Assert.Equal(expected, JapaneseDates.Format(DateOnly.Parse(date)));
}
