using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Reports;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Pki.Verification;
using CertOrleans.Rendering;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Certificates;

/// <summary>
/// The tax certificates end to end: the tax system's records through the registry feed, the kiosk's choice of type and
/// fiscal year, the printed PDF, and the public verification of what is signed (the type in the code, the year in the content).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TaxCertificateTests(GatewayFixture fixture)
{
    private const string Osaka = "271004"; // 大阪市, 大阪府: three fiscal years; a 納税証明書 only when paid in full
    private const string Hakodate = "012025"; // 函館市, 北海道: the latest year only; a 納税証明書 shows what is unpaid (011002 stays a city not served: other tests rely on it)
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] TaxTypes = ["shotoku-kazei", "shotoku", "kazei", "hikazei", "nozei"];
    private static int next;

    private DateOnly Today => JapaneseDates.TodayInJapan(fixture.Host.Time);

    private int Latest => TaxCertificatePolicy.Default.LatestFiscalYearOn(Today);

    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    /// <summary>The city, configured once through the admin API: every tax type offered, with its tax certificate policy.</summary>
    private async Task CityAsync(string code, string name, string prefecture, TaxCertificatePolicy policy)
    {
        if (await fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).Get() is not null) return;
        var configuration = new MunicipalityConfiguration
        {
            Name = name, Prefecture = prefecture, MayorTitle = $"{name}長", MayorName = "試験　税子",
            Fees = TaxTypes.Append("juminhyo").ToDictionary(t => t, _ => 300),
            TaxCertificates = policy,
        };
        var put = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration, Json);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private Task OsakaAsync() => CityAsync(Osaka, "大阪市", "大阪府", new TaxCertificatePolicy { FiscalYearsOffered = 3 });

    private Task HakodateAsync() => CityAsync(Hakodate, "函館市", "北海道", new TaxCertificatePolicy { TaxPaymentWithUnpaidBalance = true });

    private static TaxRecord Tax(int fiscalYear, long salary = 4_800_000) => new()
    {
        SourceVersion = 1, FiscalYear = fiscalYear, SalaryIncome = salary, TotalIncome = 3_360_000, Deductions = 1_262_000,
        TaxableIncome = 2_098_000, MunicipalTax = 125_880, PrefecturalTax = 83_920,
        DeductionLines = [new("社会保険料控除", 702_000), new("生命保険料控除", 50_000), new("配偶者控除", 330_000), new("基礎控除", 180_000)],
    };

    private static TaxRecord NonTaxable(int fiscalYear) => new()
    {
        SourceVersion = 1, FiscalYear = fiscalYear, SalaryIncome = 900_000, TotalIncome = 350_000, Deductions = 430_000,
        TaxableIncome = 0, MunicipalTax = 0, PrefecturalTax = 0, NonTaxable = true,
    };

    /// <summary>A resident of <paramref name="city"/> with these tax records, sent as the registry sends them, and a card linked to them.</summary>
    private async Task<(ResidentRecord Resident, SoftwareCard Card)> FeedAsync(string city, params TaxRecord[] taxes)
    {
        var resident = TestResidents.Make(Interlocked.Increment(ref next) % TestResidents.Capacity, $"7{7 + next / TestResidents.Capacity}",
            r => r with { Key = r.Key with { MunicipalityCode = city } });
        var line = new StringContent(ResidentFile.ToJson(new ResidentEntry(resident, null, taxes)), Encoding.UTF8, "application/json");
        var response = await fixture.BearerClient(GatewayFixture.RegistryKey).PutAsync("registry/v1/residents", line);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var card = fixture.Pki.IssueCard();
        await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(resident.Key, "test");
        return (resident, card);
    }

    private async Task<JsonElement> VerifyAsync(byte[] pdf)
    {
        var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var response = await fixture.Client(terminalId: null).PostAsync("verify/v1/documents", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> RefusalAsync(SoftwareCard card, string city, string type, int? fiscalYear = null) =>
        (await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, city, type, options: new KioskOptions(FiscalYear: fiscalYear)))).Code;

    [Fact]
    public async Task A_past_years_taxation_certificate_prints_that_years_deductions_and_verifies_with_its_year_and_type_signed()
    {
        await OsakaAsync();
        var past = Latest - 2;
        var (_, card) = await FeedAsync(Osaka, Tax(Latest), Tax(past, salary: 4_100_000));

        // The menu offers the years the city offers that the holder has records of, newest first.
        var (started, menu) = await fixture.Kiosk().SignInAsync(card, TestPki.CardPin, Osaka);
        await fixture.Kiosk().CancelAsync(started.RequestId);
        Assert.Equal(new[] { Latest, past }, menu.Offers.Single(o => o.CertificateType == "kazei").FiscalYears);

        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Osaka, "kazei", options: new KioskOptions(FiscalYear: past));
        Assert.Equal("Printed", printed.Outcome);
        Assert.Equal(past, printed.Order.FiscalYear);
        var year = $"{JapaneseDates.Year(past)}度";
        var text = PdfText.All(printed.Document.Pdf);
        Assert.Contains($"{year}課税証明書", text);
        Assert.Contains($"{JapaneseDates.Year(past - 1)}中の所得", text);
        Assert.Contains("給与収入4,100,000円", text);
        Assert.Contains("社会保険料控除702,000円", text);
        Assert.Contains("生命保険料控除50,000円", text);
        Assert.Contains("配偶者控除330,000円", text);
        Assert.Contains("基礎控除180,000円", text);
        Assert.Contains("所得控除額合計1,262,000円", text);
        Assert.Contains("府民税83,920円", text);
        Assert.DoesNotContain("4,800,000", text); // not the latest year's record

        // The type is signed in the code, the year in the content; the gateway reads both back from a genuine PDF.
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Contains($"|年度={year}\n", reading.SignedContent);
        Assert.Contains("|社会保険料控除=702,000円\n", reading.SignedContent);
        var verified = await VerifyAsync(printed.Document.Pdf);
        Assert.Equal("genuine", verified.GetProperty("result").GetString());
        Assert.Equal("kazei", verified.GetProperty("certificateType").GetString());
        Assert.Equal(year, verified.GetProperty("fiscalYear").GetString());

        // Another year written into the signed content no longer verifies.
        var otherYear = reading.SignedContent!.Replace($"|年度={year}\n", $"|年度={JapaneseDates.Year(Latest)}度\n", StringComparison.Ordinal);
        var altered = await fixture.Client(terminalId: null).PostAsJsonAsync("verify/v1/codes", new { verificationCode = reading.VerificationCode, content = otherYear });
        Assert.Equal("altered", (await altered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_year_the_city_does_not_offer_is_refused_and_a_year_without_a_record_is_refused_as_absent()
    {
        await OsakaAsync();
        // A record of the year before the city's three: the tax system has it, the store does not issue it.
        var (_, card) = await FeedAsync(Osaka, Tax(Latest), Tax(Latest - 3));
        Assert.Equal("refused-fiscal-year-not-offered", await RefusalAsync(card, Osaka, "kazei", Latest - 3));
        Assert.Equal("refused-fiscal-year-not-offered", await RefusalAsync(card, Osaka, "shotoku", Latest + 1));
        Assert.Equal("refused-tax-data-absent", await RefusalAsync(card, Osaka, "shotoku", Latest - 1));
        // A year is a tax certificate's option only.
        Assert.Equal("option-not-allowed", await RefusalAsync(card, Osaka, "juminhyo", Latest));

        // Without a year, the latest: the 所得証明書 prints the income and the deductions, no tax.
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, Osaka, "shotoku");
        Assert.Equal(Latest, printed.Order.FiscalYear);
        var text = PdfText.All(printed.Document.Pdf);
        Assert.Contains($"{JapaneseDates.Year(Latest)}度所得証明書", text);
        Assert.Contains("基礎控除180,000円", text);
        Assert.DoesNotContain("府民税", text);
    }

    [Fact]
    public async Task A_non_taxation_certificate_is_issued_only_to_a_resident_whose_year_is_not_taxed()
    {
        await OsakaAsync();
        var (_, exempt) = await FeedAsync(Osaka, NonTaxable(Latest));
        var printed = await fixture.Kiosk().RunAsync(exempt, TestPki.CardPin, Osaka, "hikazei");
        Assert.Equal("Printed", printed.Outcome);
        var year = $"{JapaneseDates.Year(Latest)}度";
        var text = PdfText.All(printed.Document.Pdf);
        Assert.Contains($"{year}非課税証明書", text);
        Assert.Contains("課税の状況市民税・府民税非課税", text);
        Assert.Contains($"上記の者は、{year}の市民税・府民税が課されていないことを証明する。", text);
        var verified = await VerifyAsync(printed.Document.Pdf);
        Assert.Equal("genuine", verified.GetProperty("result").GetString());
        Assert.Equal("hikazei", verified.GetProperty("certificateType").GetString());

        // A taxed resident sees why on the menu and is refused at the order, before paying.
        var (_, taxed) = await FeedAsync(Osaka, Tax(Latest));
        var (started, menu) = await fixture.Kiosk().SignInAsync(taxed, TestPki.CardPin, Osaka);
        await fixture.Kiosk().CancelAsync(started.RequestId);
        Assert.Equal("refused-not-tax-exempt", menu.Offers.Single(o => o.CertificateType == "hikazei").RefusalCode);
        Assert.Null(menu.Offers.Single(o => o.CertificateType == "kazei").RefusalCode);
        Assert.Equal("refused-not-tax-exempt", await RefusalAsync(taxed, Osaka, "hikazei"));
    }

    [Fact]
    public async Task A_tax_payment_certificate_shows_the_tax_paid_and_is_refused_with_an_unpaid_balance_where_the_city_says_so()
    {
        await OsakaAsync();
        var asOf = Today.AddDays(-3);
        var (_, paidUp) = await FeedAsync(Osaka, Tax(Latest) with { AmountPaid = 209_800, PaidAsOf = asOf });
        var printed = await fixture.Kiosk().RunAsync(paidUp, TestPki.CardPin, Osaka, "nozei");
        var text = PdfText.All(printed.Document.Pdf);
        Assert.Contains($"{JapaneseDates.Year(Latest)}度納税証明書", text);
        Assert.Contains("市民税125,880円", text);
        Assert.Contains("府民税83,920円", text);
        Assert.Contains("合計209,800円", text);
        Assert.Contains("納付済額209,800円", text);
        Assert.Contains("未納額0円", text);
        Assert.Contains($"収納確認日{JapaneseDates.Format(asOf)}現在", text);
        Assert.Equal("genuine", (await VerifyAsync(printed.Document.Pdf)).GetProperty("result").GetString());

        // 大阪市 issues only certificates of tax paid in full; without payment data there is nothing to certify.
        var (_, owing) = await FeedAsync(Osaka, Tax(Latest) with { AmountPaid = 100_000 });
        Assert.Equal("refused-tax-unpaid", await RefusalAsync(owing, Osaka, "nozei"));
        var (_, unknown) = await FeedAsync(Osaka, Tax(Latest));
        Assert.Equal("refused-tax-data-absent", await RefusalAsync(unknown, Osaka, "nozei"));
    }

    [Fact]
    public async Task The_settlement_report_counts_each_tax_certificate_type()
    {
        await HakodateAsync();
        var (_, taxed) = await FeedAsync(Hakodate, Tax(Latest) with { AmountPaid = 100_000 });
        var (_, exempt) = await FeedAsync(Hakodate, NonTaxable(Latest));
        foreach (var type in new[] { "shotoku", "kazei", "shotoku-kazei" })
            Assert.Equal("Printed", (await fixture.Kiosk().RunAsync(taxed, TestPki.CardPin, Hakodate, type)).Outcome);
        // 函館市 prints a 納税証明書 with what is unpaid.
        var payment = await fixture.Kiosk().RunAsync(taxed, TestPki.CardPin, Hakodate, "nozei", copies: 2);
        Assert.Contains("未納額109,800円", PdfText.All(payment.Document.Pdf));
        Assert.Contains("道民税83,920円", PdfText.All(payment.Document.Pdf));
        Assert.Equal("Printed", (await fixture.Kiosk().RunAsync(exempt, TestPki.CardPin, Hakodate, "hikazei")).Outcome);

        var report = (await Admin().GetFromJsonAsync<SettlementReport>($"admin/v1/municipalities/{Hakodate}/reports/settlement/{Today.Year}/{Today.Month}", Json))!;
        int Printed(string type) => report.Total.Counts.Where(c => c.CertificateType == type && c.Outcome == "Printed").Sum(c => c.Count);
        Assert.Equal(1, Printed("shotoku"));
        Assert.Equal(1, Printed("kazei"));
        Assert.Equal(1, Printed("shotoku-kazei"));
        Assert.Equal(1, Printed("hikazei"));
        Assert.Equal(1, Printed("nozei"));
        Assert.Equal(2 * 300, report.Total.Counts.Where(c => c.CertificateType == "nozei").Sum(c => c.Fees));
        var csv = await Admin().GetStringAsync($"admin/v1/municipalities/{Hakodate}/reports/settlement/{Today.Year}/{Today.Month}?format=csv");
        Assert.Contains(",hikazei,Printed,1,300\n", csv);
    }

    [Fact]
    public async Task The_feed_bounds_the_deduction_lines_and_rejects_tax_records_that_do_not_add_up()
    {
        var resident = TestResidents.Make(1, "76", r => r with { Key = r.Key with { MunicipalityCode = Osaka } });
        async Task Rejected(TaxRecord tax, string because)
        {
            var line = new StringContent(ResidentFile.ToJson(new ResidentEntry(resident, null, [tax])), Encoding.UTF8, "application/json");
            var response = await fixture.BearerClient(GatewayFixture.RegistryKey).PutAsync("registry/v1/residents", line);
            await TerminalApiTests.AssertProblem(response, HttpStatusCode.UnprocessableEntity, "record-rejected");
            Assert.Contains(because, await response.Content.ReadAsStringAsync());
        }
        await Rejected(Tax(Latest) with { DeductionLines = Enumerable.Range(0, 21).Select(i => new TaxDeduction($"控除{i}", 1)).ToList() }, "at most 20 deductionLines");
        await Rejected(Tax(Latest) with { DeductionLines = [new(new string('控', 21), 1)] }, "1 to 20 characters");
        await Rejected(Tax(Latest) with { NonTaxable = true }, "nonTaxable");
        await Rejected(Tax(Latest) with { AmountPaid = 209_801 }, "amountPaid");
        Assert.False(await fixture.Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).Exists());
    }
}
