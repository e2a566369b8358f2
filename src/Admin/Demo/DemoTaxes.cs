using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Demo;

/// <summary>The demo residents' 所得・課税 records: the latest 年度 and the two before it (a city offers up to five).</summary>
internal static class DemoTaxes
{
    /// <summary>
    /// Each year's salary a little lower than the next; made from the two numbers the city generator drew, so that
    /// adding years takes no more random draws and everyone else in the city stays as before.
    /// </summary>
    public static IEnumerable<TaxRecord> Years(long salary, long extraDeductions, int latestFiscalYear)
    {
        for (var back = 0; back < 3; back++)
        {
            var yearSalary = Math.Max(1_000_000, salary - back * 100_000);
            var income = SalaryIncomeAfterDeduction(yearSalary);
            var deductions = 430_000 + extraDeductions;
            var taxable = Math.Max(0, income - deductions) / 1000 * 1000;
            var municipalTax = taxable * 6 / 100 / 100 * 100 + 3500;
            var prefecturalTax = taxable * 4 / 100 / 100 * 100 + 1500;
            // The deductions as the tax system itemises them, and the year's tax paid in full (so a 納税証明書 can be printed).
            yield return new TaxRecord
            {
                SourceVersion = 1, FiscalYear = latestFiscalYear - back, SalaryIncome = yearSalary, TotalIncome = income, Deductions = deductions,
                TaxableIncome = taxable, MunicipalTax = municipalTax, PrefecturalTax = prefecturalTax,
                DeductionLines = deductions > 430_000 ? [new("社会保険料控除", deductions - 430_000), new("基礎控除", 430_000)] : [new("基礎控除", 430_000)],
                AmountPaid = municipalTax + prefecturalTax,
            };
        }
    }

    /// <summary>給与所得: salary minus the employment income deduction (a simplified schedule of the current law).</summary>
    private static long SalaryIncomeAfterDeduction(long salary) => salary switch
    {
        <= 1_625_000 => Math.Max(0, salary - 550_000),
        <= 1_800_000 => salary - (salary * 40 / 100 - 100_000),
        <= 3_600_000 => salary - (salary * 30 / 100 + 80_000),
        <= 6_600_000 => salary - (salary * 20 / 100 + 440_000),
        <= 8_500_000 => salary - (salary * 10 / 100 + 1_100_000),
        _ => salary - 1_950_000,
    };
}
