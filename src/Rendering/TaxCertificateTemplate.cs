using System.Globalization;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Residents;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Rendering;

/// <summary>
/// The tax certificates of one fiscal year, each from the tax system's record of it: 所得・課税証明書 (the city's combined
/// form), 所得証明書, 課税証明書, 非課税証明書 and 納税証明書. The year is printed in the title and in its own row 「年度」,
/// so it is signed as a field of its own; the type is signed in the verification code.
/// </summary>
internal static class TaxCertificateTemplate
{
    public const string Statement = "上記のとおり相違ないことを証明する。";

    public static void Write(CertificateWriter writer, CertificateContent content)
    {
        var person = content.Applicant.Data!;
        var tax = content.Applicant.Tax!;
        var type = content.Type;
        var fiscalYear = $"{JapaneseDates.Year(tax.FiscalYear)}度";
        var taxNames = $"市民税・{PrefecturalName(content.Municipality)}";
        writer.Begin($"{fiscalYear}　{type.JapaneseName()}", CertificateRenderer.MunicipalityLine(content.Municipality));
        writer.Row(SignedContent.FiscalYearItem, fiscalYear);
        writer.Row("住所", person.Address);
        CertificateRenderer.NameRows(writer, person);
        writer.Row("生年月日", $"{JapaneseDates.Format(person.DateOfBirth)}生");
        var statement = Statement;
        switch (type)
        {
            case CertificateType.Income:
                Income(writer, tax);
                break;
            case CertificateType.Taxation:
            case CertificateType.IncomeTax:
                Income(writer, tax);
                writer.Row("課税標準額", Yen(tax.TaxableIncome));
                Assessed(writer, content.Municipality, tax, fiscalYear);
                break;
            case CertificateType.NonTaxation:
                writer.SectionHeading($"{JapaneseDates.Year(tax.FiscalYear - 1)}中の所得");
                writer.Row("合計所得金額", Yen(tax.TotalIncome));
                writer.Row("課税の状況", $"{taxNames}　非課税");
                statement = $"上記の者は、{fiscalYear}の{taxNames}が課されていないことを証明する。";
                break;
            case CertificateType.TaxPayment:
                Assessed(writer, content.Municipality, tax, fiscalYear);
                writer.Row("納付済額", Yen(tax.AmountPaid ?? 0));
                writer.Row("未納額", Yen(tax.Unpaid ?? 0));
                if (tax.PaidAsOf is { } asOf) writer.Row("収納確認日", $"{JapaneseDates.Format(asOf)}現在");
                statement = $"上記のとおり{fiscalYear}の{taxNames}の納税の状況を証明する。";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(content), type, "Not a tax certificate type.");
        }
        writer.Certification(statement, JapaneseDates.Format(content.IssueDate),
            CertificateRenderer.Issuer(content.Municipality), CertificateRenderer.SealText(content.Municipality));
    }

    /// <summary>The income of the year before the fiscal year, and the deductions line by line as the tax system names them.</summary>
    private static void Income(CertificateWriter writer, TaxRecord tax)
    {
        writer.SectionHeading($"{JapaneseDates.Year(tax.FiscalYear - 1)}中の所得");
        writer.Row("給与収入", Yen(tax.SalaryIncome));
        writer.Row("合計所得金額", Yen(tax.TotalIncome));
        if (tax.DeductionLines is { Count: > 0 } lines)
        {
            writer.SectionHeading("所得控除の内訳", keepWithNext: 20 * Math.Min(lines.Count, 3));
            foreach (var line in lines) writer.Row(line.Name, Yen(line.Amount));
        }
        writer.Row("所得控除額合計", Yen(tax.Deductions));
    }

    private static void Assessed(CertificateWriter writer, MunicipalityConfiguration municipality, TaxRecord tax, string fiscalYear)
    {
        writer.SectionHeading($"{fiscalYear}の税額");
        writer.Row("市民税", Yen(tax.MunicipalTax));
        writer.Row(PrefecturalName(municipality), Yen(tax.PrefecturalTax));
        writer.Row("合計", Yen(tax.TotalTax));
    }

    // 都民税 in 東京都, 道民税, 府民税, else 県民税; a configuration saved before prefectures were checked gets the statute's generic name.
    private static string PrefecturalName(MunicipalityConfiguration municipality) => PrefecturalTaxName.Of(municipality.Prefecture) ?? "道府県民税";

    private static string Yen(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "円";
}
