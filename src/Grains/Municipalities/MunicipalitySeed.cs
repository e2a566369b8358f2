using CertOrleans.Contracts.Municipalities;

namespace CertOrleans.Grains.Municipalities;

/// <summary>
/// The first configuration of each municipality, from the silo's configuration section
/// <c>Municipalities:{code}</c>. It is used once, when the municipality grain has no stored configuration;
/// after that the admin API is the only way to change it.
/// </summary>
public sealed class MunicipalitySeedOptions : Dictionary<string, MunicipalitySeed>
{
    public const string Section = "Municipalities";

    /// <summary>The seeds by municipality code.</summary>
    public IReadOnlyDictionary<string, MunicipalitySeed> Municipalities => this;
}

public sealed class MunicipalitySeedOptionsValidator : CertOrleans.Contracts.Configuration.OptionsValidator<MunicipalitySeedOptions>
{
    protected override IEnumerable<string> Problems(MunicipalitySeedOptions options)
    {
        foreach (var (code, seed) in options)
        {
            if (!Contracts.Residents.ResidentKey.IsValidMunicipalityCode(code))
                yield return $"Municipalities:{code} is not a municipality code (six digits, the last a check digit).";
            if (string.IsNullOrWhiteSpace(seed.Name)) yield return $"Municipalities:{code}:Name must be set.";
            if (seed.Fees.Values.Any(fee => fee < 0)) yield return $"Municipalities:{code}:Fees must not be negative.";
            if (seed.RemovedRecordRetentionDays < 1) yield return $"Municipalities:{code}:RemovedRecordRetentionDays must be at least 1.";
            if (seed.TaxFiscalYearsOffered is < 1 or > 5) yield return $"Municipalities:{code}:TaxFiscalYearsOffered must be from 1 to 5.";
        }
    }
}

public sealed class MunicipalitySeed
{
    public string Name { get; set; } = "";
    public string Prefecture { get; set; } = "";
    public string MayorTitle { get; set; } = "";
    public string MayorName { get; set; } = "";
    public Dictionary<string, int> Fees { get; set; } = [];
    public bool MyNumberPrintable { get; set; }
    /// <summary>Days a moved-out or deceased resident's data is kept before it is purged.</summary>
    public int RemovedRecordRetentionDays { get; set; } = MunicipalityConfiguration.DefaultRetentionDays;
    /// <summary>戸籍 hours, e.g. "09:00"–"17:00" on weekdays (the default).</summary>
    public TimeOnly FamilyRegisterOpens { get; set; } = new(9, 0);
    public TimeOnly FamilyRegisterCloses { get; set; } = new(17, 0);
    public bool FamilyRegisterWeekdaysOnly { get; set; } = true;
    public List<StoreCommission> Commissions { get; set; } = [];
    /// <summary>Scheduled fees (type, yen, JST date from), as in the configuration.</summary>
    public List<FeeChange> FeeChanges { get; set; } = [];
    public Dictionary<string, long> MonthlyFixedCosts { get; set; } = [];
    public int? MonthlyCounterIssuances { get; set; }
    /// <summary>本籍地 issuance for residents of other cities: NotOffered (default), StaffApproval or Automatic.</summary>
    public Contracts.Domiciles.DomicileRegistrationPolicy DomicileRegistration { get; set; }
    /// <summary>Tax certificates: how many fiscal years are offered (1–5), and whether a 納税証明書 is printed with tax unpaid.</summary>
    public int TaxFiscalYearsOffered { get; set; } = TaxCertificatePolicy.Default.FiscalYearsOffered;
    public bool TaxPaymentWithUnpaidBalance { get; set; }

    public MunicipalityConfiguration ToConfiguration() => new()
    {
        FamilyRegisterHours = new DailyHours(FamilyRegisterOpens, FamilyRegisterCloses, FamilyRegisterWeekdaysOnly),
        Name = Name,
        Prefecture = Prefecture,
        MayorTitle = MayorTitle,
        MayorName = MayorName,
        Fees = new Dictionary<string, int>(Fees),
        MyNumberPrintable = MyNumberPrintable,
        Commissions = Commissions.ToList(),
        FeeChanges = FeeChanges.ToList(),
        MonthlyFixedCosts = new Dictionary<string, long>(MonthlyFixedCosts),
        MonthlyCounterIssuances = MonthlyCounterIssuances,
        RemovedRecordRetentionDays = RemovedRecordRetentionDays,
        DomicileRegistration = DomicileRegistration,
        TaxCertificates = new TaxCertificatePolicy { FiscalYearsOffered = TaxFiscalYearsOffered, TaxPaymentWithUnpaidBalance = TaxPaymentWithUnpaidBalance },
    };
}
