using System.Globalization;
using CertOrleans.Contracts.Municipalities;

namespace CertOrleans.Rendering;

/// <summary>所得・課税証明書 of one fiscal year: income, deductions, taxable income and the assessed taxes.</summary>
internal static class TaxCertificateTemplate
{
    public const string Statement = "上記のとおり相違ないことを証明する。";

    public static void Write(CertificateWriter writer, CertificateContent content)
    {
        var person = content.Applicant.Data!;
        var tax = content.Applicant.Tax!;
        var fiscalYear = JapaneseDates.Year(tax.FiscalYear);
        var incomeYear = JapaneseDates.Year(tax.FiscalYear - 1);
        writer.Begin($"{fiscalYear}度　所得・課税証明書", CertificateRenderer.MunicipalityLine(content.Municipality));
        writer.Row("住所", person.Address);
        CertificateRenderer.NameRows(writer, person);
        writer.Row("生年月日", $"{JapaneseDates.Format(person.DateOfBirth)}生");
        writer.SectionHeading($"{incomeYear}中の所得");
        writer.Row("給与収入", Yen(tax.SalaryIncome));
        writer.Row("合計所得金額", Yen(tax.TotalIncome));
        writer.Row("所得控除額", Yen(tax.Deductions));
        writer.Row("課税標準額", Yen(tax.TaxableIncome));
        writer.SectionHeading($"{fiscalYear}度の税額");
        writer.Row("市民税", Yen(tax.MunicipalTax));
        // 都民税 in 東京都, 道民税, 府民税, else 県民税; a configuration saved before prefectures were checked gets the statute's generic name.
        writer.Row(PrefecturalTaxName.Of(content.Municipality.Prefecture) ?? "道府県民税", Yen(tax.PrefecturalTax));
        writer.Row("合計", Yen(tax.MunicipalTax + tax.PrefecturalTax));
        writer.Certification(Statement, JapaneseDates.Format(content.IssueDate),
            CertificateRenderer.Issuer(content.Municipality), CertificateRenderer.SealText(content.Municipality));
    }

    private static string Yen(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "円";
}
