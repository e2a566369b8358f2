using CertOrleans.Contracts.Time;
using System.Globalization;
using System.Text;
using CertOrleans.Contracts.Reports;

namespace CertOrleans.Rendering.Reports;

/// <summary>The settlement report (PDF and CSV) and the council's report (PDF), in Japanese, from the figures the journal gave.</summary>
public static class ReportDocuments
{
    private static readonly CultureInfo Ja = CultureInfo.GetCultureInfo("ja-JP");

    public static byte[] SettlementPdf(SettlementReport report)
    {
        using var pdf = new ReportPdf($"{report.MunicipalityName} コンビニ交付 精算報告 {report.Year}年{report.Month}月", Footer(report.MunicipalityCode, report.JournalThrough, report.MadeAt));
        pdf.Paragraph($"対象: {report.Year}年{report.Month}月（日本時間）。数値はすべて、検証済みの交付記録（ジャーナル、第{report.JournalThrough}項まで）から集計しています。" +
                      "手数料収入は支払済みの請求の合計、返金は印刷されなかった支払済みの請求、委託手数料は印刷された枚数に事業者ごとの単価を乗じた額です。");
        pdf.Heading("事業者別の精算");
        pdf.Table(["事業者", "請求", "交付", "枚数", "手数料収入", "返金（発生）", "返金（精算済）", "委託手数料", "差引"],
            report.Operators.Append(report.Total).Select(l => (IReadOnlyList<string>)
                [l.StoreOperator, N(l.Requests), N(l.Printed), N(l.SheetsPrinted), Yen(l.FeesCollected), $"{N(l.RefundsDue)}件 {Yen(l.RefundsDueYen)}",
                 $"{N(l.RefundsSettled)}件 {Yen(l.RefundsSettledYen)}", Yen(l.Commission), Yen(l.Net)]),
            [2.2, 0.8, 0.8, 0.8, 1.3, 1.5, 1.5, 1.2, 1.3]);
        pdf.Heading("証明書の種類・結果別");
        pdf.Table(["事業者", "証明書", "結果", "件数", "手数料"],
            report.Operators.SelectMany(l => l.Counts.Select(c => (IReadOnlyList<string>)[l.StoreOperator, ReportNames.TypeName(c.CertificateType), ReportNames.OutcomeName(c.Outcome), N(c.Count), Yen(c.Fees)])),
            [2, 2.4, 1.2, 0.8, 1.2]);
        CostSection(pdf, report.Costs, "月");
        return pdf.Finish();
    }

    /// <summary>One line per store operator, certificate type and outcome, then one per operator and the total; figures in yen.</summary>
    public static string SettlementCsv(SettlementReport report)
    {
        var csv = new StringBuilder("municipality,year,month,store_operator,certificate_type,outcome,count,fees_yen\n");
        foreach (var line in report.Operators)
            foreach (var count in line.Counts)
                csv.Append(CultureInfo.InvariantCulture, $"{report.MunicipalityCode},{report.Year},{report.Month},{Csv(line.StoreOperator)},{count.CertificateType},{count.Outcome},{count.Count},{count.Fees}\n");
        csv.Append("\nmunicipality,year,month,store_operator,requests,printed,sheets,fees_yen,refunds_due,refunds_due_yen,refunds_settled,refunds_settled_yen,commission_yen,net_yen\n");
        foreach (var line in report.Operators.Append(report.Total))
            csv.Append(CultureInfo.InvariantCulture, $"{report.MunicipalityCode},{report.Year},{report.Month},{Csv(line.StoreOperator)},{line.Requests},{line.Printed},{line.SheetsPrinted},{line.FeesCollected},{line.RefundsDue},{line.RefundsDueYen},{line.RefundsSettled},{line.RefundsSettledYen},{line.Commission},{line.Net}\n");
        return csv.ToString();
    }

    public static byte[] CouncilPdf(CouncilReport report)
    {
        using var pdf = new ReportPdf($"{report.MunicipalityName} コンビニ交付 運用状況報告", Footer(report.MunicipalityCode, report.JournalThrough, report.MadeAt));
        pdf.Paragraph($"対象期間: {report.From:yyyy年M月d日}から{report.To:yyyy年M月d日}まで（日本時間）。この報告の数値は、作成時点の運用記録から自動で集計したものです。");

        pdf.Heading("1. 交付の状況");
        pdf.Table(["証明書", "結果", "件数", "手数料"], report.Issuances.Select(c => (IReadOnlyList<string>)[ReportNames.TypeName(c.CertificateType), ReportNames.OutcomeName(c.Outcome), N(c.Count), Yen(c.Fees)]), [2.6, 1.4, 1, 1.2]);
        pdf.Paragraph(report.CounterIssuances is { } counter
            ? $"コンビニ交付 {N(report.SheetsPrinted)}枚、窓口交付 {N(counter)}枚（市の設定値）: コンビニ交付の割合 {report.StoreShare:P1}。"
            : $"コンビニ交付 {N(report.SheetsPrinted)}枚。窓口交付の件数は設定されていないため、割合は示していません。");

        pdf.Heading("2. 保有する個人情報");
        pdf.Table(["区分", "件数"],
        [
            ["住民（住民票・印鑑登録・課税の記録）", N(report.Data.Residents)], ["戸籍", N(report.Data.FamilyRegisters)], ["世帯", N(report.Data.Households)],
            ["住民記録1件あたりの項目数", N(report.Data.FieldsPerResidentRecord)],
            ["うち転出・死亡の記録（除票、保存期間内）", N(report.Data.RemovedRecords)],
            ["最も古い除票記録の経過日数", report.Data.OldestRemovedRecordDays is { } days ? N(days) : "—"],
            ["除票記録の保存期間（日）", N(report.Data.RetentionDays)],
        ], [4, 1]);
        pdf.Paragraph($"暗号化: {report.Data.Encryption}。");
        pdf.Table(["鍵", "番号", "状態", "作成日", "経過日数"],
            report.Data.Keys.Select(k => (IReadOnlyList<string>)[KeyName(k.Key), N(k.KeyId), k.Status, k.CreatedAt.InJapan().ToString("yyyy-MM-dd", Ja), N(k.AgeDays)]),
            [1.6, 0.8, 1, 1.4, 1]);

        pdf.Heading("3. 個人情報の消去");
        pdf.Paragraph($"期間中に終了した請求 {N(report.RequestsEnded)}件に対し、消去の記録（消去証明）{N(report.DeletionStatements)}件" +
                      (report.RequestsEnded == report.DeletionStatements ? "。すべての請求に消去の記録があります。" : "。一致しません。原因を確認してください。") +
                      "消去の記録は、このサーバが保持した領域（照合用の乱数、カードの証明書、住民の情報、証明書の電子データ）をゼロで上書きしたことと、その時刻を証するものです。" +
                      "実行環境や店舗の端末が保持した写しについては証するものではありません。" +
                      $"店舗の端末側の消去の申告がない請求 {N(report.NoTerminalStatement)}件、端末が写しを残したと申告した請求 {N(report.TerminalKeptCopy)}件。");

        pdf.Heading("4. 記録の完全性");
        pdf.Paragraph((report.ChainValid ? "交付記録（ジャーナル）の検証結果: 改ざんは検出されませんでした。" : "交付記録（ジャーナル）の検証結果: 問題が検出されました。") + $"（{report.ChainFinding}）");
        pdf.Paragraph(report.Witnessed is { } witnessed
            ? $"市の立会人 {witnessed.Witness} が、第{witnessed.Sequence}項までの記録を {DateTimeOffset.Parse(witnessed.WitnessedAt, CultureInfo.InvariantCulture).InJapan():yyyy-MM-dd HH:mm} に確認しています（それ以降の記録は未確認）。"
            : "市の立会人による確認は届いていません。この検証は、運用者自身の署名に基づくものです。");
        pdf.Paragraph("期間中に動作したプログラム（版、コミット、ビルドの識別値、起動回数）と、登録済みのリリースとの一致:");
        pdf.Table(["版", "コミット", "ビルド", "起動", "リリース"],
            (report.Builds ?? []).Select(b => (IReadOnlyList<string>)[b.Version, b.Commit.Length > 12 ? b.Commit[..12] : b.Commit, b.Build.Length > 16 ? b.Build[..16] : b.Build, b.Processes, b.MatchesRelease ? "一致" : "未登録"]),
            [1, 1.3, 1.6, 1.3, 0.8]);

        pdf.Heading("5. 障害・事故");
        pdf.Table(["区分", "件数"],
        [
            ["照合の失敗により交付を止めた証明書（他人の証明書の交付の防止）", N(report.Incidents.DocumentsWithheld)],
            ["印刷の失敗", N(report.Incidents.PrintFailures)],
            ["サーバの停止により終了した請求", N(report.Incidents.RequestsLostWithASilo)],
            ["時間切れ・中断", N(report.Incidents.OtherFailures)],
            ["返金（発生）", $"{N(report.Incidents.RefundsDue)}件 {Yen(report.Incidents.RefundsDueYen)}"],
            ["返金（精算済）", N(report.Incidents.RefundsSettled)],
            ["停止スイッチの操作", N(report.Incidents.StopSwitchEvents)],
        ], [4, 1.2]);

        pdf.Heading("6. 個人情報の照会");
        pdf.Paragraph("キオスクでの交付以外に個人情報を参照した件数（照会者の役割・申告された目的別）。照会はすべて交付記録に残り、本人はキオスクの交付履歴で確認できます。");
        pdf.Table(["役割", "目的", "件数"], (report.Accesses ?? []).Select(a => (IReadOnlyList<string>)[a.Role, PurposeName(a.Purpose), N(a.Count)]), [2, 2, 1]);

        pdf.Heading("7. サービス時間と費用の回収");
        pdf.Paragraph($"サービス提供時間（住民票等）: {report.HoursServed:N1}時間。");
        CostSection(pdf, report.Costs, "期間");
        return pdf.Finish();
    }

    private static string PurposeName(string code) => Contracts.Journal.AccessPurposes.Names.TryGetValue(code, out var name) ? name : code;

    private static void CostSection(ReportPdf pdf, CostRecovery costs, string per)
    {
        pdf.Heading("費用の回収");
        pdf.Table(["項目", "金額"],
            costs.FixedCosts.Select(c => (IReadOnlyList<string>)[c.Key, Yen(c.Value)])
                .Append([$"固定費 計（{per}）", Yen(costs.TotalFixedCosts)]).Append(["差引収入", Yen(costs.Net)]).Append(["収支", Yen(costs.Balance)]),
            [3, 1.4]);
        pdf.Paragraph(costs.BreakEvenMonthlySheets is { } breakEven
            ? $"1枚あたりの差引収入 {Yen(costs.NetPerSheet ?? 0)}。固定費を回収するには、月に{N(breakEven)}枚の交付が必要です。"
            : "交付がないため、1枚あたりの差引収入と損益分岐の枚数は求められません。");
    }

    private static string Footer(string code, long through, DateTimeOffset madeAt) =>
        $"CertOrleans {code}　ジャーナル第{through}項まで　{madeAt.InJapan():yyyy-MM-dd HH:mm} 作成";

    private static string N(long value) => value.ToString("N0", Ja);

    private static string Yen(long value) => (value < 0 ? "-¥" : "¥") + Math.Abs(value).ToString("N0", Ja);

    private static string KeyName(string key) => key switch
    {
        "data key" => "データ鍵",
        "issuing key" => "発行署名鍵",
        "journal key" => "記録署名鍵",
        _ => key,
    };

    private static string Csv(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
