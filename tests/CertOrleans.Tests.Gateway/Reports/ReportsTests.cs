using CertOrleans.Contracts.Time;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Reports;
using UglyToad.PdfPig;

namespace CertOrleans.Tests.Reports;

/// <summary>The settlement and council reports: every figure reconciles with the journal, recounted here entry by entry.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ReportsTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    private DateOnly Today => DateOnly.FromDateTime(fixture.Host.Time.GetUtcNow().InJapan().DateTime);

    private async Task<List<JournalEntry>> ThisMonthAsync()
    {
        var bundle = (await Admin().GetFromJsonAsync<JournalBundle>("admin/v1/municipalities/092011/journal/bundle", Json))!;
        return bundle.Entries.Where(e => CertOrleans.Grains.Reports.JournalFigures.DayOf(e.RecordedAt) is var day && day.Year == Today.Year && day.Month == Today.Month).ToList();
    }

    [Fact]
    public async Task The_settlement_reconciles_with_the_journal_in_json_csv_and_pdf()
    {
        var people = await fixture.NewResidentsWithCardsAsync(3);
        await fixture.Kiosk().RunAsync(people[0].Card, TestPki.CardPin, "092011", "juminhyo", copies: 2);
        await fixture.Kiosk().RunAsync(people[1].Card, TestPki.CardPin, "092011", "juminhyo");
        var failed = await fixture.Kiosk().RunAsync(people[2].Card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        await Admin().PostAsJsonAsync($"admin/v1/municipalities/092011/journal/refunds/{failed.Document.CertificateNumber}/settle", new { operatorReference = "TM-0001" });

        var report = (await Admin().GetFromJsonAsync<SettlementReport>($"admin/v1/municipalities/092011/reports/settlement/{Today.Year}/{Today.Month}", Json))!;
        var entries = await ThisMonthAsync();
        var ended = entries.Where(e => e.Kind == JournalKinds.RequestEnded).Select(e => JournalJson.Read<RequestEndedBody>(e.Body)!).ToList();
        var printed = ended.Where(e => e.Outcome == "Printed").ToList();
        var sheets = printed.Sum(e => e.Copies ?? 1);
        var fees = ended.Where(e => e.Paid).Sum(e => (long)e.Fee!);
        var due = entries.Where(e => e.Kind == JournalKinds.RefundDue).Select(e => JournalJson.Read<RefundBody>(e.Body)!).ToList();
        var settled = entries.Where(e => e.Kind == JournalKinds.RefundSettled).Select(e => JournalJson.Read<RefundBody>(e.Body)!).ToList();

        var total = report.Total;
        Assert.Equal(ended.Count, total.Requests);
        Assert.Equal(printed.Count, total.Printed);
        Assert.Equal(sheets, total.SheetsPrinted);
        Assert.Equal(fees, total.FeesCollected);
        Assert.Equal(due.Count, total.RefundsDue);
        Assert.Equal(due.Sum(r => (long)r.Fee), total.RefundsDueYen);
        Assert.Equal(settled.Count, total.RefundsSettled);
        Assert.Equal(123L * sheets, total.Commission);
        Assert.Equal(fees - due.Sum(r => (long)r.Fee) - 123L * sheets, total.Net);
        Assert.Equal(ended.Count, total.Counts.Sum(c => c.Count));
        Assert.Equal(total.Requests, report.Operators.Sum(o => o.Requests));
        Assert.Contains(report.Operators, o => o.StoreOperator == "Test Mart");
        Assert.Equal(1_808_333, report.Costs.TotalFixedCosts);
        Assert.Equal(total.Net - 1_808_333, report.Costs.Balance);
        Assert.Equal((int)Math.Ceiling(1_808_333 / (double)(total.Net / sheets)), report.Costs.BreakEvenMonthlySheets);

        // The CSV's total line and the PDF say the same.
        var csv = await Admin().GetStringAsync($"admin/v1/municipalities/092011/reports/settlement/{Today.Year}/{Today.Month}?format=csv");
        Assert.Contains($",合計,{total.Requests},{total.Printed},{total.SheetsPrinted},{total.FeesCollected},{total.RefundsDue},{total.RefundsDueYen},{total.RefundsSettled},{total.RefundsSettledYen},{total.Commission},{total.Net}", csv);
        var pdf = await Admin().GetByteArrayAsync($"admin/v1/municipalities/092011/reports/settlement/{Today.Year}/{Today.Month}?format=pdf");
        var text = PdfText.All(pdf);
        Assert.Contains("宇都宮市コンビニ交付精算報告", text);
        Assert.Contains($"¥{total.Net:N0}", text);
        Assert.Contains($"¥{total.Commission:N0}", text);

        var bad = await Admin().GetAsync("admin/v1/municipalities/092011/reports/settlement/2026/13");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var outOfScope = await fixture.BearerClient(GatewayFixture.CityAdminKey).GetAsync($"admin/v1/municipalities/132012/reports/settlement/{Today.Year}/{Today.Month}");
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
    }

    [Fact]
    public async Task A_month_across_a_fee_change_counts_each_request_at_the_fee_it_was_charged()
    {
        const string code = "092100"; // 大田原市
        var configuration = new MunicipalityConfiguration
        {
            Name = "大田原市", Prefecture = "栃木県", MayorTitle = "大田原市長", MayorName = "試験　五郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 300 },
            FeeChanges = [new FeeChange("juminhyo", 200, Today.AddDays(1))],
        };
        var put = await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration, Json);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var version = (await put.Content.ReadFromJsonAsync<MunicipalityConfiguration>(Json))!.Version;
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = code } }))[0];
        Assert.Equal(300, (await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo")).Order.Fee);
        // The reduction is brought forward to today: the next request is charged the reduced fee.
        var forward = configuration with { Version = version, FeeChanges = [new FeeChange("juminhyo", 200, Today)] };
        Assert.Equal(HttpStatusCode.OK, (await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", forward, Json)).StatusCode);
        Assert.Equal(2 * 200, (await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo", copies: 2)).Order.Fee);

        // Counted from the journal at what each was charged, not at today's fee (which would give 600).
        var report = (await Admin().GetFromJsonAsync<SettlementReport>($"admin/v1/municipalities/{code}/reports/settlement/{Today.Year}/{Today.Month}", Json))!;
        Assert.Equal(2, report.Total.Printed);
        Assert.Equal(300 + 2 * 200, report.Total.FeesCollected);
        Assert.Equal(300 + 2 * 200, report.Total.Counts.Where(c => c.CertificateType == "juminhyo").Sum(c => c.Fees));
    }

    [Fact]
    public async Task The_council_report_answers_each_question_from_live_figures()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");
        var from = new DateOnly(Today.Year, Today.Month, 1);

        var report = (await Admin().GetFromJsonAsync<CouncilReport>($"admin/v1/municipalities/092011/reports/council?from={from:yyyy-MM-dd}&to={Today:yyyy-MM-dd}", Json))!;
        var entries = await ThisMonthAsync();
        var ended = entries.Count(e => e.Kind == JournalKinds.RequestEnded);
        Assert.Equal(ended, report.RequestsEnded);
        Assert.Equal(ended, report.DeletionStatements);
        Assert.True(report.ChainValid, report.ChainFinding);
        Assert.True(report.Data.Residents >= 1);
        Assert.True(report.Data.FieldsPerResidentRecord > 10);
        Assert.Contains(report.Data.Keys, k => k.Key == "data key");
        Assert.Contains(report.Data.Keys, k => k.Key == "issuing key");
        Assert.Contains(report.Data.Keys, k => k.Key == "journal key");
        Assert.Equal(ended, report.Issuances.Sum(c => c.Count));
        Assert.InRange(report.HoursServed, 16.5 * (Today.Day - 1), 16.5 * Today.Day);

        var pdf = await Admin().GetByteArrayAsync($"admin/v1/municipalities/092011/reports/council?from={from:yyyy-MM-dd}&to={Today:yyyy-MM-dd}&format=pdf");
        using var document = PdfDocument.Open(pdf);
        var text = PdfText.All(pdf);
        Assert.Contains("運用状況報告", text);
        Assert.Contains("改ざんは検出されませんでした", text);
        Assert.Contains($"終了した請求{ended:N0}件に対し、消去の記録（消去証明）{ended:N0}件。すべての請求に消去の記録があります。", text);
    }
}
