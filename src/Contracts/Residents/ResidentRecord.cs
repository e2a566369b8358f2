namespace CertOrleans.Contracts.Residents;

[GenerateSerializer]
public enum Sex
{
    Male = 1,
    Female = 2,
}

[GenerateSerializer]
public enum ResidencyStatus
{
    /// <summary>Registered and living in the municipality.</summary>
    Resident = 1,
    /// <summary>転出済み: moved out of the municipality.</summary>
    MovedOut = 2,
    /// <summary>死亡.</summary>
    Deceased = 3,
}

/// <summary>
/// What the registry pushes for one resident: only the items certificates need (minimal by construction).
/// The 住民票コード and the My Number are deliberately absent. This is personal data: it lives in the
/// resident grain and never in logs, metrics or exceptions.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.resident-record")]
public sealed record ResidentRecord
{
    [Id(0)] public required ResidentKey Key { get; init; }
    /// <summary>The registry's version of this record; an older version never overwrites a newer one.</summary>
    [Id(1)] public required long SourceVersion { get; init; }
    [Id(2)] public required string FamilyName { get; init; }
    [Id(3)] public required string GivenName { get; init; }
    [Id(4)] public required string FamilyNameKana { get; init; }
    [Id(5)] public required string GivenNameKana { get; init; }
    [Id(6)] public required DateOnly DateOfBirth { get; init; }
    [Id(7)] public required Sex Sex { get; init; }
    [Id(8)] public required string Address { get; init; }
    /// <summary>住民となった日.</summary>
    [Id(9)] public required DateOnly ResidentSince { get; init; }
    /// <summary>住所を定めた日.</summary>
    [Id(10)] public required DateOnly AddressSince { get; init; }
    [Id(11)] public required string HouseholdHead { get; init; }
    /// <summary>続柄 to the household head (本人, 妻, 子, …).</summary>
    [Id(12)] public required string Relationship { get; init; }
    /// <summary>本籍; empty for foreign residents.</summary>
    [Id(13)] public string? PermanentDomicile { get; init; }
    /// <summary>筆頭者.</summary>
    [Id(14)] public string? HeadOfFamilyRegister { get; init; }
    [Id(15)] public ResidencyStatus Status { get; init; } = ResidencyStatus.Resident;
    /// <summary>転出届が出ている (move-out filed, not yet effective).</summary>
    [Id(16)] public bool MoveOutFiled { get; init; }
    /// <summary>DV・ストーカー等支援措置の対象.</summary>
    [Id(17)] public bool UnderSupportMeasures { get; init; }
    /// <summary>外字 in the name or address is still being registered with the issuance server.</summary>
    [Id(18)] public bool NonStandardCharactersPending { get; init; }

    /// <summary>世帯番号: members of one household share it.</summary>
    [Id(19)] public string? HouseholdNumber { get; init; }
    /// <summary>Items only foreign residents have (国籍・地域, 在留カード等の番号, 在留資格); they have no 本籍.</summary>
    [Id(20)] public ForeignResidentItems? Foreign { get; init; }
    /// <summary>個人番号: accepted only from municipalities that print it on 住民票; otherwise never stored.</summary>
    [Id(21)] public string? MyNumber { get; init; }
    /// <summary>The number of the resident's 戸籍 where the 本籍 is in this municipality; null when it is elsewhere.</summary>
    [Id(22)] public string? FamilyRegisterNumber { get; init; }
    /// <summary>外字 registered for the characters of this record the fonts cannot print; null when there are none.</summary>
    [Id(23)] public RegisteredGlyphs? Glyphs { get; init; }
    /// <summary>前住所: where the resident lived before their present address; printed on a 住民票 only when chosen.</summary>
    [Id(24)] public string? PreviousAddress { get; init; }
    /// <summary>異動事由 and its date: the last change to the record (転入, 転居, 出生 …); printed only when chosen.</summary>
    [Id(25)] public ResidentChange? LastChange { get; init; }

    /// <summary>The name as printed: a foreign resident's name in the alphabet reads with a space between its parts.</summary>
    public string FullName => Foreign is null ? $"{FamilyName}　{GivenName}" : string.Join(' ', new[] { FamilyName, GivenName }.Where(p => p.Length > 0));
    public string FullNameKana => $"{FamilyNameKana}　{GivenNameKana}";
}

/// <summary>印鑑登録: from the seal registration system.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.seal-registration")]
public sealed record SealRegistration
{
    [Id(0)] public required long SourceVersion { get; init; }
    [Id(1)] public required string RegistrationNumber { get; init; }
    /// <summary>The registered seal impression as a PNG image.</summary>
    [Id(2)] public required byte[] SealImagePng { get; init; }
    [Id(3)] public required DateOnly RegisteredOn { get; init; }
    /// <summary>廃止: an abolished registration is never certified.</summary>
    [Id(4)] public bool Abolished { get; init; }
}

/// <summary>One fiscal year's 所得・課税 record, from the municipal tax system.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.tax-record")]
public sealed record TaxRecord
{
    [Id(0)] public required long SourceVersion { get; init; }
    /// <summary>課税年度 (e.g. 2026 for 令和8年度), taxing the income of the previous calendar year.</summary>
    [Id(1)] public required int FiscalYear { get; init; }
    [Id(2)] public required long SalaryIncome { get; init; }
    [Id(3)] public required long TotalIncome { get; init; }
    [Id(4)] public required long Deductions { get; init; }
    [Id(5)] public required long TaxableIncome { get; init; }
    [Id(6)] public required long MunicipalTax { get; init; }
    [Id(7)] public required long PrefecturalTax { get; init; }
    /// <summary>The 所得控除 as the tax system names them (社会保険料控除, 基礎控除 …), in its order; printed on the 所得 and 課税 certificates.</summary>
    [Id(8)] public IReadOnlyList<TaxDeduction>? DeductionLines { get; init; }
    /// <summary>住民税 of this year is not levied (非課税): the only record a 非課税証明書 is made from.</summary>
    [Id(9)] public bool NonTaxable { get; init; }
    /// <summary>What was paid of this year's 住民税 (市民税 and 道府県民税); null when the tax system sent no payment data.</summary>
    [Id(10)] public long? AmountPaid { get; init; }
    /// <summary>The day the payments were last reconciled (収納確認日); the 納税証明書 certifies them as of it.</summary>
    [Id(11)] public DateOnly? PaidAsOf { get; init; }

    public long TotalTax => MunicipalTax + PrefecturalTax;

    /// <summary>Tax of this year not yet paid; null without payment data.</summary>
    public long? Unpaid => AmountPaid is { } paid ? Math.Max(0, TotalTax - paid) : null;

    // The deduction list compares by its lines: the same record sent again is a duplicate, not a stale version.
    public bool Equals(TaxRecord? other) =>
        other is not null && SourceVersion == other.SourceVersion && FiscalYear == other.FiscalYear && SalaryIncome == other.SalaryIncome
        && TotalIncome == other.TotalIncome && Deductions == other.Deductions && TaxableIncome == other.TaxableIncome
        && MunicipalTax == other.MunicipalTax && PrefecturalTax == other.PrefecturalTax && NonTaxable == other.NonTaxable
        && AmountPaid == other.AmountPaid && PaidAsOf == other.PaidAsOf
        && (DeductionLines ?? []).SequenceEqual(other.DeductionLines ?? []);

    public override int GetHashCode() => HashCode.Combine(SourceVersion, FiscalYear, TaxableIncome, TotalTax, AmountPaid);
}

/// <summary>One named 所得控除 line and its amount in yen.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.tax-deduction")]
public sealed record TaxDeduction(
    [property: Id(0)] string Name,
    [property: Id(1)] long Amount);

/// <summary>What applying a registry record did; no personal data.</summary>
[GenerateSerializer]
public enum ApplyOutcome
{
    Applied = 1,
    Duplicate = 2,
    Stale = 3,
}
