using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Rendering;

/// <summary>
/// 住民票の写し (for oneself or the whole household, 個票式: one block per person) and 住民票記載事項証明書.
/// 住民票コード is never printed; 個人番号 only where chosen and allowed; 本籍・筆頭者 and 世帯主・続柄 as
/// chosen; persons removed from the household (消除者) are never printed.
/// </summary>
internal static class ResidentRecordTemplate
{
    public const string CopyStatement = "この写しは、住民票の原本と相違ないことを証明する。";
    public const string ItemsStatement = "上記の事項は、住民基本台帳に記載されている事項と相違ないことを証明する。";

    public static void Write(CertificateWriter writer, CertificateContent content)
    {
        var items = content.Type == CertificateType.ResidentRecordItems;
        var options = content.Options;
        var applicant = content.Applicant.Data!;
        writer.Begin(content.Type.JapaneseName(), CertificateRenderer.MunicipalityLine(content.Municipality));

        var people = (options.WholeHousehold || options.ChosenMembers) && !items ? content.Household : [applicant];
        writer.Row("住所", applicant.Address);
        if (!items && options.IncludeHouseholdHead) writer.Row("世帯主", applicant.HouseholdHead);

        foreach (var person in people)
        {
            if (people.Count > 1) writer.SectionHeading(person.FullName, keepWithNext: 120);
            writer.Row("氏名", person.FullName, 14, ruby: person.FullNameKana);
            writer.Row("生年月日・性別", $"{JapaneseDates.Format(person.DateOfBirth)}生　　{CertificateRenderer.Sex(person)}");
            if (items) continue;
            if (options.IncludeHouseholdHead) writer.Row("続柄", person.Relationship);
            writer.Row("住民となった日", JapaneseDates.Format(person.ResidentSince));
            writer.Row("住所を定めた日", $"{JapaneseDates.Format(person.AddressSince)}　届出");
            if (person.Foreign is { } foreign)
            {
                writer.Row("国籍・地域", foreign.Nationality);
                writer.Row("在留資格", foreign.ResidenceStatus);
                writer.Row("在留カード等の番号", foreign.ResidenceCardNumber);
                if (foreign.PeriodOfStayEnds is { } ends) writer.Row("在留期間の満了の日", JapaneseDates.Format(ends));
            }
            else if (options.IncludePermanentDomicile && !string.IsNullOrEmpty(person.PermanentDomicile))
            {
                writer.Row("本籍", person.PermanentDomicile);
                writer.Row("筆頭者", person.HeadOfFamilyRegister ?? "");
            }
            if (options.IncludeMyNumber && person.MyNumber is { } myNumber) writer.Row("個人番号", myNumber);
        }

        if (!items)
        {
            var omitted = options.IncludeMyNumber ? "住民票コードの記載を省略" : "個人番号及び住民票コードの記載を省略";
            writer.Row("備考", omitted);
        }
        writer.Certification(items ? ItemsStatement : CopyStatement, JapaneseDates.Format(content.IssueDate),
            CertificateRenderer.Issuer(content.Municipality), CertificateRenderer.SealText(content.Municipality));
    }
}
