namespace CertOrleans.Contracts.Municipalities;

/// <summary>
/// How a city issues its tax certificates at stores. The 課税年度 rule: a fiscal year (年度) is offered from its
/// switch date (<see cref="NewFiscalYearMonth"/>/<see cref="NewFiscalYearDay"/>, 1 June by default, when the 当初課税
/// is final and the 納税通知書 has gone out) on; before it, the previous year is the latest. The city offers the latest
/// year and the ones before it, <see cref="FiscalYearsOffered"/> in all. Within that window, a year the tax system has
/// not sent a record of for the resident is refused as absent: data fed before the switch date waits for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.tax-certificate-policy")]
public sealed record TaxCertificatePolicy
{
    public const int MaxFiscalYearsOffered = 5;

    /// <summary>How many fiscal years the kiosk offers, the latest and the ones before it (1 to 5).</summary>
    [Id(0)] public int FiscalYearsOffered { get; init; } = 1;
    /// <summary>The month and day (JST) from which a new fiscal year's certificates are issued.</summary>
    [Id(1)] public int NewFiscalYearMonth { get; init; } = 6;
    [Id(2)] public int NewFiscalYearDay { get; init; } = 1;
    /// <summary>
    /// Whether a 納税証明書 may be printed while some of the year's tax is unpaid (it then shows the unpaid amount). Off by
    /// default: the store issues only a certificate of tax paid in full, and a resident with arrears goes to the counter.
    /// </summary>
    [Id(3)] public bool TaxPaymentWithUnpaidBalance { get; init; }

    public static readonly TaxCertificatePolicy Default = new();

    /// <summary>The latest fiscal year offered on the JST date <paramref name="date"/>.</summary>
    public int LatestFiscalYearOn(DateOnly date) =>
        (date.Month, date.Day).CompareTo((NewFiscalYearMonth, NewFiscalYearDay)) >= 0 ? date.Year : date.Year - 1;

    /// <summary>What the kiosk may offer on <paramref name="date"/>: the years, newest first, and the 納税証明書 rule.</summary>
    public TaxTerms TermsOn(DateOnly date)
    {
        var latest = LatestFiscalYearOn(date);
        return new TaxTerms(Enumerable.Range(0, Math.Clamp(FiscalYearsOffered, 1, MaxFiscalYearsOffered)).Select(i => latest - i).ToList(), TaxPaymentWithUnpaidBalance);
    }

    /// <summary>Why this policy cannot be honoured, or null.</summary>
    public string? Problem()
    {
        if (FiscalYearsOffered is < 1 or > MaxFiscalYearsOffered) return $"taxCertificates.fiscalYearsOffered must be between 1 and {MaxFiscalYearsOffered}";
        // A day every year has (29 February is not one).
        if (NewFiscalYearMonth is < 1 or > 12 || NewFiscalYearDay < 1 || NewFiscalYearDay > DateTime.DaysInMonth(2025, NewFiscalYearMonth))
            return "taxCertificates.newFiscalYearMonth and newFiscalYearDay must be a day of the year (e.g. 6 and 1)";
        return null;
    }
}

/// <summary>The tax certificate terms of one day: the fiscal years offered, newest first, and whether unpaid tax stops a 納税証明書.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.tax-terms")]
public sealed record TaxTerms(
    [property: Id(0)] IReadOnlyList<int> FiscalYears,
    [property: Id(1)] bool TaxPaymentWithUnpaidBalance)
{
    public int Latest => FiscalYears[0];

    public bool Offers(int fiscalYear) => FiscalYears.Contains(fiscalYear);
}
