using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Rendering;

/// <summary>
/// 戸籍全部事項証明書, 戸籍個人事項証明書 and 戸籍の附票の写し, in the computerised layout: the register's
/// items, then one block per person. A register with many people or events runs over several pages.
/// </summary>
internal static class FamilyRegisterTemplate
{
    public const string AllStatement = "これは、戸籍に記録されている事項の全部を証明した書面である。";
    public const string IndividualStatement = "これは、戸籍中の一部の者について記録されている事項の全部を証明した書面である。";
    public const string AddressesStatement = "この写しは、戸籍の附票の原本と相違ないことを証明する。";

    public static void Write(CertificateWriter writer, CertificateContent content)
    {
        var register = content.Applicant.FamilyRegister!;
        writer.Begin(content.Type.JapaneseName(), CertificateRenderer.MunicipalityLine(content.Municipality));
        writer.Row("本籍", register.PermanentDomicile);
        writer.Row("氏名", register.HeadName);

        string statement;
        if (content.Type == CertificateType.FamilyRegisterAddresses)
        {
            foreach (var member in register.Members.Where(m => !m.Removed))
            {
                writer.SectionHeading($"附票に記録されている者　【名】{member.Name}");
                foreach (var entry in member.AddressHistory)
                    writer.Row("住所", $"{entry.Address}　（住所を定めた年月日　{JapaneseDates.Format(entry.Since)}）");
            }
            statement = AddressesStatement;
        }
        else
        {
            writer.SectionHeading("戸籍事項");
            writer.Row("戸籍編製", $"【編製日】{JapaneseDates.Format(register.CompiledOn)}");
            var individual = content.Type == CertificateType.FamilyRegisterIndividual;
            var people = !individual ? register.Members
                : content.RegisterMember is { } index ? [register.Members[index]]
                : register.Members.Where(m => m.Resident == content.Resident);
            foreach (var member in people)
            {
                writer.SectionHeading(member.Removed ? $"戸籍に記録されている者　【名】{member.Name}　除籍" : $"戸籍に記録されている者　【名】{member.Name}", keepWithNext: 100);
                writer.Row("生年月日", $"{JapaneseDates.Format(member.DateOfBirth)}");
                if (member.Father is not null) writer.Row("父", member.Father);
                if (member.Mother is not null) writer.Row("母", member.Mother);
                writer.Row("続柄", member.Relationship);
                foreach (var entry in member.Events)
                    writer.Row(entry.Kind, $"【{entry.Kind}日】{JapaneseDates.Format(entry.Date)}　{entry.Detail}");
            }
            statement = individual ? IndividualStatement : AllStatement;
            if (individual && content.RegisterMember is { } chosen) WriteApplicant(writer, register, register.Members[chosen], content.Resident);
        }
        writer.Certification(statement, JapaneseDates.Format(content.IssueDate),
            CertificateRenderer.Issuer(content.Municipality), CertificateRenderer.SealText(content.Municipality));
    }

    /// <summary>
    /// Who asked for another member's 個人事項, and what they are to that member: printed, so the signed content binds the
    /// certificate to the applicant as well as to the member it proves.
    /// </summary>
    private static void WriteApplicant(CertificateWriter writer, FamilyRegisterRecord register, FamilyRegisterMember member, ResidentKey applicant)
    {
        var self = register.Members.Single(m => m.Resident == applicant && !m.Removed);
        var relation = FamilyRegisterRelations.Of(register, self, member)
            ?? throw new InvalidOperationException("The applicant is not the member's spouse or lineal relative.");
        var asApplicant = relation switch
        {
            FamilyRegisterRelations.Spouse => FamilyRegisterRelations.Spouse,
            FamilyRegisterRelations.Child => self.Sex == Sex.Male ? FamilyRegisterRelations.Father : FamilyRegisterRelations.Mother,
            _ => FamilyRegisterRelations.Child,
        };
        writer.Row("請求者", $"{FamilyRegisterRelations.FullName(register, self)}　（{member.Name}の{asApplicant}）");
    }
}
