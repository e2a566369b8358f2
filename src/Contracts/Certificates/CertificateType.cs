namespace CertOrleans.Contracts.Certificates;

/// <summary>The certificates the service issues. The wire names (see <see cref="CertificateTypes"/>) are stable API.</summary>
[GenerateSerializer]
public enum CertificateType
{
    /// <summary>住民票の写し (個票式): for oneself or the whole household.</summary>
    ResidentRecordCopy = 1,
    /// <summary>住民票記載事項証明書: certifies the basic items (氏名, 生年月日, 性別, 住所).</summary>
    ResidentRecordItems = 2,
    /// <summary>印鑑登録証明書.</summary>
    SealRegistration = 3,
    /// <summary>所得・課税証明書 (the city's combined form) of a fiscal year the city offers; the latest by default.</summary>
    IncomeTax = 4,
    /// <summary>戸籍全部事項証明書 (謄本): everyone recorded in the register.</summary>
    FamilyRegisterAll = 5,
    /// <summary>戸籍個人事項証明書 (抄本): the applicant only.</summary>
    FamilyRegisterIndividual = 6,
    /// <summary>戸籍の附票の写し: the address history of the register's members.</summary>
    FamilyRegisterAddresses = 7,
    // The tax certificates of issue 24 start at 20, apart from the values other certificate kinds may take next.
    /// <summary>所得証明書: the income of the year before the fiscal year, with the deductions.</summary>
    Income = 20,
    /// <summary>課税証明書: the taxable income and the assessed 住民税 of a fiscal year, with the deductions.</summary>
    Taxation = 21,
    /// <summary>非課税証明書: that the resident's 住民税 of a fiscal year is not levied (非課税).</summary>
    NonTaxation = 22,
    /// <summary>納税証明書: the 住民税 of a fiscal year, what was paid and what is unpaid.</summary>
    TaxPayment = 23,
}

public static class CertificateTypes
{
    private static readonly (CertificateType Type, string Code, string Name)[] Table =
    [
        (CertificateType.ResidentRecordCopy, "juminhyo", "住民票の写し"),
        (CertificateType.ResidentRecordItems, "juminhyo-items", "住民票記載事項証明書"),
        (CertificateType.SealRegistration, "inkan", "印鑑登録証明書"),
        (CertificateType.IncomeTax, "shotoku-kazei", "所得・課税証明書"),
        (CertificateType.FamilyRegisterAll, "koseki-zenbu", "戸籍全部事項証明書"),
        (CertificateType.FamilyRegisterIndividual, "koseki-kojin", "戸籍個人事項証明書"),
        (CertificateType.FamilyRegisterAddresses, "koseki-fuhyo", "戸籍の附票の写し"),
        (CertificateType.Income, "shotoku", "所得証明書"),
        (CertificateType.Taxation, "kazei", "課税証明書"),
        (CertificateType.NonTaxation, "hikazei", "非課税証明書"),
        (CertificateType.TaxPayment, "nozei", "納税証明書"),
    ];

    public static string Code(this CertificateType type) => Row(type).Code;

    public static string JapaneseName(this CertificateType type) => Row(type).Name;

    /// <summary>戸籍 certificates (and the 附票), which municipalities often offer only in office hours.</summary>
    public static bool IsFamilyRegister(this CertificateType type) =>
        type is CertificateType.FamilyRegisterAll or CertificateType.FamilyRegisterIndividual or CertificateType.FamilyRegisterAddresses;

    /// <summary>Certificates made from the 住民基本台帳 (where 住民票 options apply).</summary>
    public static bool IsResidentRecord(this CertificateType type) => type is CertificateType.ResidentRecordCopy or CertificateType.ResidentRecordItems;

    /// <summary>Certificates made from the municipal tax system's record of one fiscal year (年度), which the order may choose.</summary>
    public static bool IsTax(this CertificateType type) =>
        type is CertificateType.IncomeTax or CertificateType.Income or CertificateType.Taxation or CertificateType.NonTaxation or CertificateType.TaxPayment;

    public static CertificateType Parse(string code) =>
        TryParse(code, out var type) ? type : throw new FormatException($"'{code}' is not a certificate type code.");

    public static bool TryParse(string? code, out CertificateType type)
    {
        foreach (var row in Table)
        {
            if (row.Code == code)
            {
                type = row.Type;
                return true;
            }
        }
        type = default;
        return false;
    }

    public static IReadOnlyList<CertificateType> All { get; } = Table.Select(r => r.Type).ToList();

    private static (CertificateType Type, string Code, string Name) Row(CertificateType type) =>
        Table.FirstOrDefault(r => r.Type == type) is { Code: not null } row ? row : throw new ArgumentOutOfRangeException(nameof(type));
}
