using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Rendering;

namespace CertOrleans.Tests.Support;

/// <summary>Renders certificates directly (no cluster), with a test signing key.</summary>
public static class TestCertificates
{
    public static readonly MunicipalityConfiguration Utsunomiya = new()
    {
        Name = "宇都宮市", Prefecture = "栃木県", MayorTitle = "宇都宮市長", MayorName = "試験　太郎",
        Fees = new Dictionary<string, int> { ["juminhyo"] = 200 },
    };

    public static readonly DateOnly IssueDate = new(2026, 11, 26);

    public static Task<RenderedCertificate> RenderAsync(
        CertificateType type,
        ResidentRecord resident,
        CertificateOptions? options = null,
        int copies = 1,
        SealRegistration? seal = null,
        TaxRecord? tax = null,
        IReadOnlyList<ResidentRecord>? household = null,
        TestSigner? signer = null,
        string? certificateNumber = null)
    {
        var number = certificateNumber ?? CertificateNumbers.New("092011", IssueDate);
        return CertificateRenderer.RenderAsync(
            new CertificateContent("q-test", resident.Key, type, options ?? CertificateOptions.Default, number, IssueDate, copies, Utsunomiya,
                new CertificatePreparation(null, resident, seal, tax), household ?? [resident]),
            (signer ?? new TestSigner()).Sign(number, type.Code()));
    }

    /// <summary>A small synthetic seal impression PNG.</summary>
    public static byte[] SealPng(string name) => Admin.Demo.SealImpressions.Draw(name, 120);

    public static TaxRecord Tax(int fiscalYear) => new()
    {
        SourceVersion = 1, FiscalYear = fiscalYear, SalaryIncome = 4_800_000, TotalIncome = 3_360_000, Deductions = 1_230_000,
        TaxableIncome = 2_130_000, MunicipalTax = 131_300, PrefecturalTax = 86_700,
    };
}
