using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Rendering;

/// <summary>
/// 住民票の写し (for oneself or the whole household, 個票式: one block per person) and 住民票記載事項証明書.
/// 住民票コード is never printed; 個人番号 only where chosen and allowed; 本籍・筆頭者, 世帯主・続柄, 通称の履歴, 前住所 and
/// 異動事由 as chosen; persons removed from the household (消除者) are never printed. Each person of a mixed household
/// has their own items: a Japanese member their 本籍 (when chosen), a foreign member the items of 第30条の45.
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
            CertificateRenderer.NameRows(writer, person);
            writer.Row("生年月日・性別", $"{JapaneseDates.Format(person.DateOfBirth)}生　　{CertificateRenderer.Sex(person)}");
            if (items) continue;
            if (options.IncludeHouseholdHead) writer.Row("続柄", person.Relationship);
            writer.Row(person.Foreign is null ? "住民となった日" : "外国人住民となった日", JapaneseDates.Format(person.ResidentSince));
            writer.Row("住所を定めた日", $"{JapaneseDates.Format(person.AddressSince)}　届出");
            if (person.Foreign is { } foreign) ForeignItems(writer, foreign, options.IncludeCommonNameHistory);
            else if (options.IncludePermanentDomicile && !string.IsNullOrEmpty(person.PermanentDomicile))
            {
                writer.Row("本籍", person.PermanentDomicile);
                writer.Row("筆頭者", person.HeadOfFamilyRegister ?? "");
            }
            if (options.IncludePreviousAddress && person.PreviousAddress is { } previous) writer.Row("前住所", previous);
            if (options.IncludeLastChange && person.LastChange is { } change)
                writer.Row("異動事由", $"{change.Reason.JapaneseName()}　{JapaneseDates.Format(change.Date)}");
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

    /// <summary>
    /// The items of 第30条の45, printed by default as municipalities print them; each only where the registry holds it
    /// (a 特別永住者 has no 在留資格 or period, a 経過滞在者 no card). 通称の履歴 only when chosen.
    /// </summary>
    private static void ForeignItems(CertificateWriter writer, ForeignResidentItems foreign, bool includeHistory)
    {
        writer.Row("国籍・地域", foreign.Nationality);
        if (foreign.Category is { } category) writer.Row("法第30条の45の区分", category.JapaneseName());
        if (foreign.ResidenceStatus.Length > 0) writer.Row("在留資格", foreign.ResidenceStatus);
        if (foreign.PeriodOfStay is { } period) writer.Row("在留期間", period);
        if (foreign.PeriodOfStayEnds is { } ends) writer.Row("在留期間の満了の日", JapaneseDates.Format(ends));
        if (foreign.ResidenceCardNumber.Length > 0) writer.Row("在留カード等の番号", foreign.ResidenceCardNumber);
        if (!includeHistory) return;
        foreach (var entry in foreign.CommonNameHistory?.Entries ?? [])
        {
            var deleted = entry.DeletedOn is { } on ? $"　{entry.DeletedBy}{JapaneseDates.Format(on)}削除" : "";
            writer.Row("通称の履歴", $"{entry.Name}　{entry.RecordedBy}{JapaneseDates.Format(entry.RecordedOn)}記載{deleted}");
        }
    }
}
