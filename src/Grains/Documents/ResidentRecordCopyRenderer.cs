using System.Security.Cryptography;
using System.Text;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Municipalities;
using PdfSharp.Pdf;

namespace CertOrleans.Grains.Documents;

/// <summary>Everything one certificate is built from, bound to the request and the resident it was issued for.</summary>
public sealed record CertificateContent(
    string RequestId,
    ResidentKey Resident,
    string CertificateNumber,
    DateOnly IssueDate,
    int Copies,
    ResidentRecord Record,
    MunicipalityConfiguration Municipality);

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

/// <summary>
/// Signs a certificate's content digest and returns the verification code (the municipality's issuing key
/// does this; the renderer never holds a key).
/// </summary>
public delegate Task<string> SignContent(byte[] contentDigest);

/// <summary>住民票の写し (本人, 個票式) as a PDF with embedded Japanese fonts, one page per copy.</summary>
public static class ResidentRecordCopyRenderer
{
    public const string Statement = "この写しは、住民票の原本と相違ないことを証明する。";

    /// <summary>PDF document-information key that carries the verification code for electronic verification.</summary>
    public const string VerificationInfoKey = "/CertOrleansVerification";

    public static async Task<RenderedCertificate> RenderAsync(CertificateContent content, SignContent sign)
    {
        JapaneseFonts.EnsureInstalled();
        var record = content.Record;
        var municipality = content.Municipality;
        using var document = new PdfDocument();
        document.Info.Title = CertificateType.ResidentRecordCopy.JapaneseName();
        document.Info.Subject = content.CertificateNumber;
        document.Info.Creator = "CertOrleans";
        var pageCount = content.Copies;
        var text = new StringBuilder();
        var pages = new List<CertificatePage>();
        try
        {
            for (var copy = 1; copy <= content.Copies; copy++)
            {
                var page = new CertificatePage(document, text);
                pages.Add(page);
                page.Title("住民票の写し");
                page.TextRight($"{municipality.Prefecture}{municipality.Name}", 10);
                page.Row("住所", record.Address);
                page.Row("世帯主", record.HouseholdHead);
                page.Row("氏名", record.FullName, 14, ruby: record.FullNameKana);
                page.Row("生年月日・性別", $"{JapaneseDates.Format(record.DateOfBirth)}生　　{(record.Sex == Sex.Male ? "男" : "女")}");
                page.Row("続柄", record.Relationship);
                page.Row("住民となった日", JapaneseDates.Format(record.ResidentSince));
                page.Row("住所を定めた日", $"{JapaneseDates.Format(record.AddressSince)}　届出");
                if (!string.IsNullOrEmpty(record.PermanentDomicile))
                {
                    page.Row("本籍", record.PermanentDomicile);
                    page.Row("筆頭者", record.HeadOfFamilyRegister ?? "");
                }
                page.Row("備考", "個人番号及び住民票コードの記載を省略");
                page.Y += 30;
                page.Paragraph(Statement, 12, indent: 12);
                page.Y += 10;
                page.Paragraph(JapaneseDates.Format(content.IssueDate), 12, indent: 12);
                page.Y += 10;
                page.IssuerAndSeal($"{municipality.MayorTitle}　{municipality.MayorName}", $"{municipality.MayorTitle}之印");
                page.VerificationCaption();
                page.Footer(content.CertificateNumber, copy, pageCount, "コンビニ交付による証明書です。");
            }

            // Everything printed is now known: sign its digest and put the code on every page.
            var code = await sign(Pki.Verification.VerificationCode.Digest(text.ToString()));
            foreach (var page in pages) page.VerificationQr(code);
            document.Info.Elements[VerificationInfoKey] = new PdfString(code);
        }
        finally
        {
            foreach (var page in pages) page.Dispose();
        }
        using var stream = new MemoryStream();
        document.Save(stream);
        return new RenderedCertificate(content.RequestId, content.Resident, content.CertificateNumber, pageCount, stream.ToArray(), document.Info.Elements.GetString(VerificationInfoKey));
    }
}
