using System.Security.Cryptography;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Rendering;

/// <summary>
/// Signs a certificate's content digest and returns the verification code (the municipality's issuing key
/// does this; the renderer never holds a key).
/// </summary>
public delegate Task<string> SignContent(byte[] contentDigest);

/// <summary>Everything one certificate is built from, bound to the request and the resident it was issued for.</summary>
public sealed record CertificateContent(
    string RequestId,
    ResidentKey Resident,
    CertificateType Type,
    CertificateOptions Options,
    string CertificateNumber,
    DateOnly IssueDate,
    int Copies,
    MunicipalityConfiguration Municipality,
    CertificatePreparation Applicant,
    IReadOnlyList<ResidentRecord> Household)
{
    /// <summary>For a 戸籍個人事項証明書 of another member of the applicant's register: that member's place in the register.</summary>
    public int? RegisterMember { get; init; }
}

/// <summary>A rendered certificate and what it is bound to. The PDF is personal data and lives only in the request grain.</summary>
public sealed record RenderedCertificate(
    string RequestId,
    ResidentKey Resident,
    string CertificateNumber,
    int PageCount,
    byte[] Pdf,
    string VerificationCode)
{
    public string Sha256 => Convert.ToHexString(SHA256.HashData(Pdf));
}

/// <summary>One layout per certificate type; each copy starts on a new page.</summary>
public static class CertificateRenderer
{
    public const string FooterNote = "コンビニ交付による証明書です。";

    /// <summary>
    /// Every 外字 registered for the applicant and the household members printed with them (the first registration of a code point
    /// wins); for a 戸籍 certificate, those the 戸籍 system registered with the register, whose text alone it prints (each system
    /// numbers its own 外字, so one system's private-use code point is not the other's).
    /// </summary>
    private static RegisteredGlyphs? GlyphsOf(CertificateContent content)
    {
        if (content.Applicant.FamilyRegister is { } register) return register.Glyphs;
        var glyphs = content.Household.Prepend(content.Applicant.Data).OfType<ResidentRecord>().SelectMany(r => r.Glyphs?.Items ?? [])
            .DistinctBy(g => g.CodePoint).ToList();
        return glyphs.Count == 0 ? null : new RegisteredGlyphs(glyphs);
    }

    /// <param name="qrPayload">What the printed QR code carries, from the signed code: the code itself by default, or the
    /// public verification page's address with the code, so a phone's camera opens the check.</param>
    public static async Task<RenderedCertificate> RenderAsync(CertificateContent content, SignContent sign, Func<string, string>? qrPayload = null)
    {
        var writer = new CertificateWriter(content.Type.JapaneseName(), content.CertificateNumber) { Glyphs = GlyphsOf(content) };
        for (var copy = 0; copy < content.Copies; copy++)
        {
            switch (content.Type)
            {
                case CertificateType.ResidentRecordCopy:
                case CertificateType.ResidentRecordItems:
                    ResidentRecordTemplate.Write(writer, content);
                    break;
                case CertificateType.SealRegistration:
                    SealCertificateTemplate.Write(writer, content);
                    break;
                case var tax when tax.IsTax():
                    TaxCertificateTemplate.Write(writer, content);
                    break;
                case CertificateType.FamilyRegisterAll:
                case CertificateType.FamilyRegisterIndividual:
                case CertificateType.FamilyRegisterAddresses:
                    FamilyRegisterTemplate.Write(writer, content);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(content), content.Type, "No template for this certificate type.");
            }
        }
        var (pdf, code, pages) = await writer.FinishAsync(FooterNote, sign, qrPayload);
        return new RenderedCertificate(content.RequestId, content.Resident, content.CertificateNumber, pages, pdf, code);
    }

    internal static string MunicipalityLine(MunicipalityConfiguration m) => $"{m.Prefecture}{m.Name}";

    internal static string Issuer(MunicipalityConfiguration m) => $"{m.MayorTitle}　{m.MayorName}";

    internal static string SealText(MunicipalityConfiguration m) => $"{m.MayorTitle}之印";

    /// <summary>
    /// The person's name rows: 氏名 with its reading (ふりがな) for a Japanese name; for a name in the alphabet, which
    /// wraps at its spaces, the カタカナ併記名 (where registered) and the 通称 each as a row of their own.
    /// </summary>
    internal static void NameRows(CertificateWriter writer, ResidentRecord person)
    {
        if (person.Foreign is not { } foreign)
        {
            writer.Row("氏名", person.FullName, 14, ruby: person.FullNameKana);
            return;
        }
        writer.Row("氏名", person.FullName, 14);
        if (person.FamilyNameKana.Length > 0)
            writer.Row("カタカナ併記名", person.GivenNameKana.Length > 0 ? person.FullNameKana : person.FamilyNameKana);
        if (foreign.CommonName is { } commonName) writer.Row("通称", commonName);
    }

    internal static string Sex(ResidentRecord r) => r.Sex == Contracts.Residents.Sex.Male ? "男" : "女";
}
