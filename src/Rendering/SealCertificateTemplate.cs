namespace CertOrleans.Rendering;

/// <summary>印鑑登録証明書: the registered impression with the registrant's items.</summary>
internal static class SealCertificateTemplate
{
    public const string Statement = "この写しは、登録されている印影と相違ないことを証明する。";

    public static void Write(CertificateWriter writer, CertificateContent content)
    {
        var person = content.Applicant.Data!;
        var seal = content.Applicant.Seal!;
        writer.Begin("印鑑登録証明書", CertificateRenderer.MunicipalityLine(content.Municipality));
        writer.SealImpression("印影", seal.SealImagePng);
        writer.Row("登録番号", seal.RegistrationNumber);
        CertificateRenderer.NameRows(writer, person);
        writer.Row("生年月日・性別", $"{JapaneseDates.Format(person.DateOfBirth)}生　　{CertificateRenderer.Sex(person)}");
        writer.Row("住所", person.Address);
        writer.Certification(Statement, JapaneseDates.Format(content.IssueDate),
            CertificateRenderer.Issuer(content.Municipality), CertificateRenderer.SealText(content.Municipality));
    }
}
