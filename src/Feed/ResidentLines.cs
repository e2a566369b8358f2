using CertOrleans.Contracts.Keys;
using System.Text.Json;
using System.Text.Json.Serialization;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Feed;

/// <summary>
/// One line of a resident file (JSON Lines, UTF-8). Only the fields certificates need are accepted:
/// an unknown field (a My Number, a 住民票コード, anything else) rejects the line, naming the field.
/// </summary>
public sealed record ResidentLine(
    string MunicipalityCode,
    string ResidentNumber,
    long SourceVersion,
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly DateOfBirth,
    string Sex,
    string Address,
    DateOnly ResidentSince,
    DateOnly AddressSince,
    string HouseholdHead,
    string Relationship,
    string? PermanentDomicile = null,
    string? HeadOfFamilyRegister = null,
    string Status = "resident",
    bool MoveOutFiled = false,
    bool UnderSupportMeasures = false,
    bool NonStandardCharactersPending = false,
    string? HouseholdNumber = null,
    string? MyNumber = null,
    ForeignLine? Foreign = null,
    SealLine? Seal = null,
    IReadOnlyList<TaxLine>? TaxRecords = null,
    string? FamilyRegisterNumber = null,
    IReadOnlyList<GlyphLine>? Glyphs = null,
    string? PreviousAddress = null,
    ChangeLine? LastChange = null);

/// <summary>異動事由 (a code of <see cref="ResidentChangeReasons"/>) and the day of the change.</summary>
public sealed record ChangeLine(string Reason, DateOnly Date);

/// <summary>The seal registration system's record: the impression as base64 PNG.</summary>
public sealed record SealLine(long SourceVersion, string RegistrationNumber, string ImagePng, DateOnly RegisteredOn, bool Abolished = false);

/// <summary>
/// The tax system's record of one fiscal year (年度), amounts in yen: the income and the assessment, the named deduction
/// lines, whether the year is 非課税, and what was paid (as of a date) for the 納税証明書.
/// </summary>
public sealed record TaxLine(long SourceVersion, int FiscalYear, long SalaryIncome, long TotalIncome, long Deductions, long TaxableIncome, long MunicipalTax, long PrefecturalTax,
    IReadOnlyList<DeductionLine>? DeductionLines = null, bool NonTaxable = false, long? AmountPaid = null, DateOnly? PaidAsOf = null)
{
    /// <summary>More lines than the 所得控除 the law knows (about fifteen) is not a tax record.</summary>
    public const int MaxDeductionLines = 20;
    public const int MaxDeductionNameLength = 20;
    /// <summary>A bound far above any one person's amounts (a trillion yen), so sums cannot overflow.</summary>
    public const long MaxAmount = 1_000_000_000_000;
}

/// <summary>One 所得控除 as the tax system names it (社会保険料控除, 基礎控除 …) and its amount in yen.</summary>
public sealed record DeductionLine(string Name, long Amount);

/// <summary>One line of a resident file: the 住基 record and, where present, the seal and tax records.</summary>
public sealed record ResidentEntry(ResidentRecord Record, SealRegistration? Seal, IReadOnlyList<TaxRecord> Taxes);

public sealed record ResidentFileError(int Line, string Message);
