namespace CertOrleans.Contracts.Municipalities;

/// <summary>
/// How one municipality runs its store service: what it offers, at what fee, when, and its printing
/// policy. Held by <see cref="IMunicipalityGrain"/>; every request reads it afresh, so a change applies to
/// the next request on every silo.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.municipality-configuration")]
public sealed record MunicipalityConfiguration
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Prefecture { get; init; }
    /// <summary>The issuer line above the seal, e.g. 宇都宮市長.</summary>
    [Id(2)] public required string MayorTitle { get; init; }
    [Id(3)] public required string MayorName { get; init; }
    /// <summary>Fee in yen per certificate type code; a type without a fee is not offered.</summary>
    [Id(4)] public required IReadOnlyDictionary<string, int> Fees { get; init; }
    /// <summary>Daily service hours (JST), inside the national 06:30–23:00 window.</summary>
    [Id(5)] public DailyHours Hours { get; init; } = DailyHours.National;
    /// <summary>Hours for 戸籍 certificates, often weekdays 09:00–17:00 (weekdays: not Saturday, Sunday or a national holiday).</summary>
    [Id(6)] public DailyHours FamilyRegisterHours { get; init; } = new(new TimeOnly(9, 0), new TimeOnly(17, 0), WeekdaysOnly: true);
    [Id(7)] public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];
    /// <summary>Whether 個人番号 may be printed on 住民票 at all (many municipalities refuse; off by default).</summary>
    [Id(8)] public bool MyNumberPrintable { get; init; }
    /// <summary>Bumped by every change; tells operators which configuration a request saw.</summary>
    [Id(9)] public long Version { get; init; }
    /// <summary>The store commission per certificate printed (委託手数料, ¥123 in the council's minutes), by store operator ("*" for any), from a date on.</summary>
    [Id(10)] public IReadOnlyList<StoreCommission> Commissions { get; init; } = [];
    /// <summary>What the service costs the city each month whatever it issues (issuance server, J-LIS, maintenance …), by item, in yen.</summary>
    [Id(11)] public IReadOnlyDictionary<string, long> MonthlyFixedCosts { get; init; } = new Dictionary<string, long>();
    /// <summary>Certificates the city's own counters issue in a month, where the city gives it: the council asks for the stores' share.</summary>
    [Id(12)] public int? MonthlyCounterIssuances { get; init; }
    /// <summary>
    /// Days the data of a resident who moved out or died (除票) is kept here after the registry said so; then it is
    /// purged, and the purge goes in the journal. The city's own register keeps the 除票 as the law says; this is a copy.
    /// </summary>
    [Id(13)] public int RemovedRecordRetentionDays { get; init; } = DefaultRetentionDays;
    /// <summary>Whether residents of other cities whose 本籍 is here may register for its 戸籍 certificates, and who approves.</summary>
    [Id(14)] public Domiciles.DomicileRegistrationPolicy DomicileRegistration { get; init; }
    /// <summary>
    /// Scheduled fees, by type, from a JST date on (dated like <see cref="Commissions"/>): a reduction for a period is
    /// one change at its start and one back at its end. Before a type's first change, <see cref="Fees"/> applies.
    /// </summary>
    [Id(15)] public IReadOnlyList<FeeChange> FeeChanges { get; init; } = [];
    /// <summary>How the tax certificates are issued: the fiscal years offered and when a new one starts; null is <see cref="TaxCertificatePolicy.Default"/>.</summary>
    [Id(20)] public TaxCertificatePolicy? TaxCertificates { get; init; }

    /// <summary>The tax certificate policy in force (a configuration saved before it existed has the default).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TaxCertificatePolicy TaxPolicy => TaxCertificates ?? TaxCertificatePolicy.Default;

    public const int DefaultRetentionDays = 90;

    /// <summary>The fee of <paramref name="certificateType"/> on the JST service date <paramref name="date"/>: its latest change on or before it, else <see cref="Fees"/>; null when not offered.</summary>
    public int? FeeOn(string certificateType, DateOnly date)
    {
        if (!Fees.TryGetValue(certificateType, out var fee)) return null;
        return FeeChanges.Where(c => c.CertificateType == certificateType && c.From <= date).MaxBy(c => c.From)?.Yen ?? fee;
    }

    /// <summary>The commission for one certificate printed at a store of <paramref name="storeOperator"/> on <paramref name="date"/>: the operator's own rate, else the one for every operator.</summary>
    public int CommissionFor(string storeOperator, DateOnly date)
    {
        var current = Commissions.Where(c => c.From <= date).OrderByDescending(c => c.From).ToList();
        return (current.FirstOrDefault(c => c.StoreOperator == storeOperator) ?? current.FirstOrDefault(c => c.StoreOperator == StoreCommission.AnyOperator))?.Yen ?? 0;
    }
}

[GenerateSerializer, Immutable, Alias("certorleans.daily-hours")]
public sealed record DailyHours(
    [property: Id(0)] TimeOnly Opens,
    [property: Id(1)] TimeOnly Closes,
    [property: Id(2)] bool WeekdaysOnly = false)
{
    /// <summary>The issuance centre's window: 06:30–23:00 JST every day.</summary>
    public static readonly DailyHours National = new(new TimeOnly(6, 30), new TimeOnly(23, 0));
}

/// <summary>An announced maintenance stop, in absolute time.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.maintenance-window")]
public sealed record MaintenanceWindow(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] string Notice);

/// <summary>Whether the service is open now and, if not, why and when it opens next.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.availability")]
public sealed record Availability(
    [property: Id(0)] bool Open,
    [property: Id(1)] string? ClosedReason,
    [property: Id(2)] DateTimeOffset? NextOpening,
    [property: Id(3)] string? Notice = null);

public static class ClosedReasons
{
    public const string OutsideHours = "outside-hours";
    public const string YearEndClosure = "year-end-closure";
    public const string Maintenance = "maintenance";
    /// <summary>A national holiday, for hours kept on weekdays only (戸籍).</summary>
    public const string PublicHoliday = "public-holiday";
    public const string NotOffered = "not-offered";
    /// <summary>Stopped by the operators' switch (its notice says why).</summary>
    public const string Stopped = "stopped";
}

/// <summary>A store commission rate: yen per certificate printed at <see cref="StoreOperator"/>'s stores (or any, "*"), from <see cref="From"/> on.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.store-commission")]
public sealed record StoreCommission(
    [property: Id(0)] string StoreOperator,
    [property: Id(1)] int Yen,
    [property: Id(2)] DateOnly From)
{
    public const string AnyOperator = "*";
}

/// <summary>A scheduled fee: yen per certificate of <see cref="CertificateType"/> from the JST date <see cref="From"/> on, until the type's next change.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.fee-change")]
public sealed record FeeChange(
    [property: Id(0)] string CertificateType,
    [property: Id(1)] int Yen,
    [property: Id(2)] DateOnly From);
