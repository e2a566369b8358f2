using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Grains.Residents;

/// <summary>
/// What a tax certificate of one fiscal year needs beyond <see cref="IssuanceRules"/>: a year the city offers that day
/// (<see cref="TaxCertificatePolicy"/>), the tax system's record of it, and for a 非課税証明書 a record that says 非課税,
/// for a 納税証明書 payment data and, unless the city allows it, nothing unpaid.
/// </summary>
public static class TaxIssuanceRules
{
    /// <summary>The terms of a caller that gives none: the latest year under the default policy (June).</summary>
    public static TaxTerms Default(DateOnly issueDate) => TaxCertificatePolicy.Default.TermsOn(issueDate);

    /// <summary>The record of <paramref name="fiscalYear"/> for <paramref name="type"/>, or why it cannot be issued.</summary>
    public static CertificatePreparation Check(ResidentRecord record, IReadOnlyDictionary<int, TaxRecord> taxes, CertificateType type, int fiscalYear, TaxTerms terms)
    {
        if (!terms.Offers(fiscalYear)) return CertificatePreparation.Refused(RefusalCodes.FiscalYearNotOffered);
        if (taxes.GetValueOrDefault(fiscalYear) is not { } tax) return CertificatePreparation.Refused(RefusalCodes.TaxDataAbsent);
        // The deduction names are printed on the 所得 and 課税 certificates: a character the fonts lack stops them as a name's would.
        if (PrintsDeductions(type) && (tax.DeductionLines ?? []).Any(d => !IssuanceRules.AllPrintable(d.Name)))
            return CertificatePreparation.Refused(RefusalCodes.UnprintableCharacters);
        var refusal = type switch
        {
            CertificateType.NonTaxation when !tax.NonTaxable => RefusalCodes.NotTaxExempt,
            CertificateType.TaxPayment when tax.Unpaid is null => RefusalCodes.TaxDataAbsent,
            CertificateType.TaxPayment when tax.Unpaid > 0 && !terms.TaxPaymentWithUnpaidBalance => RefusalCodes.TaxUnpaid,
            _ => null,
        };
        return refusal is null ? new CertificatePreparation(null, record, Tax: tax) : CertificatePreparation.Refused(refusal);
    }

    /// <summary>The years of <paramref name="terms"/> the resident may have, newest first; when none, the latest year's refusal.</summary>
    public static (IReadOnlyList<int> Years, string? Refusal) Years(ResidentRecord record, IReadOnlyDictionary<int, TaxRecord> taxes, CertificateType type, TaxTerms terms)
    {
        var years = new List<int>();
        string? latestRefusal = null;
        foreach (var year in terms.FiscalYears)
        {
            if (Check(record, taxes, type, year, terms).RefusalCode is { } refusal) latestRefusal ??= refusal;
            else years.Add(year);
        }
        return (years, years.Count > 0 ? null : latestRefusal);
    }

    /// <summary>The types that print the named deduction lines.</summary>
    public static bool PrintsDeductions(CertificateType type) => type is CertificateType.IncomeTax or CertificateType.Income or CertificateType.Taxation;
}
