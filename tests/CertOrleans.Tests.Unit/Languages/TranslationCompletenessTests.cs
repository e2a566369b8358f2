using System.Reflection;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Languages;
using CertOrleans.Gateway.Problems;
using CertOrleans.Grains.Municipalities;

namespace CertOrleans.Tests.Languages;

/// <summary>
/// Every message the kiosk shows exists in every language: each stable code (found from the code classes themselves,
/// so a new code counts at once) has its row, and no row has a blank or untranslated language.
/// </summary>
public sealed class TranslationCompletenessTests
{
    private static IEnumerable<string> Constants(Type codes) =>
        codes.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    /// <summary>Every table the terminal API answers from, each row named by its table and code.</summary>
    private static IEnumerable<(string Key, Translations Row)> AllRows() =>
        MenuTexts.CertificateNames.Select(r => ($"certificate {r.Key}", r.Value))
            .Concat(MenuTexts.OptionLabels.Select(r => ($"option {r.Key}", r.Value)))
            .Concat(MenuTexts.ClosedReasonTexts.Select(r => ($"closed {r.Key}", r.Value)))
            .Concat(MenuTexts.PurposeNames.Select(r => ($"purpose {r.Key}", r.Value)))
            .Concat(RefusalTexts.Messages.Select(r => ($"refusal {r.Key}", r.Value)))
            .Concat([("refusal detail", RefusalTexts.Detail)])
            .Concat(ProblemTitles.Titles.Select(r => ($"problem {r.Key}", r.Value)));

    private static bool HasKana(string text) => text.Any(c => c is >= '\u3040' and <= '\u30FF');

    [Fact]
    public void Every_message_has_every_language_and_none_is_left_in_Japanese()
    {
        var faults = new List<string>();
        foreach (var (key, row) in AllRows())
        {
            foreach (var language in KioskLanguages.All)
            {
                var text = row.In(language);
                if (string.IsNullOrWhiteSpace(text)) faults.Add($"{key}: no {language} text");
                // Kana in a non-Japanese text is Japanese left in place of a translation.
                else if (language != KioskLanguage.Japanese && HasKana(text)) faults.Add($"{key}: the {language} text is Japanese: {text}");
            }
            if (!HasKana(row.Ja) && !row.Ja.Any(c => c is >= '\u4E00' and <= '\u9FFF')) faults.Add($"{key}: the Japanese text is not Japanese: {row.Ja}");
        }
        Assert.Empty(faults);
    }

    [Fact]
    public void Every_certificate_type_has_a_menu_name_and_its_Japanese_one_is_the_printed_name()
    {
        foreach (var type in CertificateTypes.All)
        {
            Assert.True(MenuTexts.CertificateNames.ContainsKey(type), $"{type.Code()} has no menu names: add a row to MenuTexts.CertificateNames");
            Assert.Equal(type.JapaneseName(), MenuTexts.CertificateNames[type].Ja);
        }
    }

    [Fact]
    public void Every_option_a_menu_can_offer_has_a_label()
    {
        // The richest configuration: every type offered, and 個人番号 printable.
        var configuration = TestCertificates.Utsunomiya with { MyNumberPrintable = true };
        var options = CertificateTypes.All.SelectMany(type => MunicipalityGrain.OptionsOf(type, configuration)).Distinct().ToList();
        Assert.NotEmpty(options);
        Assert.All(options, option => Assert.True(MenuTexts.OptionLabels.ContainsKey(option), $"option {option} has no label: add a row to MenuTexts.OptionLabels"));
    }

    [Fact]
    public void Every_refusal_code_has_its_message()
    {
        Assert.All(Constants(typeof(RefusalCodes)), code => Assert.True(RefusalTexts.Messages.ContainsKey(code), $"{code} has no message: add a row to RefusalTexts.Messages"));
        Assert.Equal(Constants(typeof(RefusalCodes)).Order(), RefusalTexts.Messages.Keys.Order());
    }

    [Fact]
    public void Every_problem_code_has_a_status_and_a_title_in_every_language()
    {
        // Each error code the grains or the gateway raise is answered with its own status and title.
        var raised = Constants(typeof(ErrorCodes)).Concat(Constants(typeof(GatewayErrorCodes))).ToList();
        Assert.All(raised, code => Assert.True(ProblemResults.Codes.Contains(code), $"{code} has no status: add it to ProblemResults"));
        Assert.Equal(ProblemResults.Codes.Order(), ProblemTitles.Titles.Keys.Order());
    }

    [Fact]
    public void Every_closed_reason_and_access_purpose_has_its_text()
    {
        Assert.Equal(Constants(typeof(ClosedReasons)).Order(), MenuTexts.ClosedReasonTexts.Keys.Order());
        Assert.Equal(AccessPurposes.Names.Keys.Order(), MenuTexts.PurposeNames.Keys.Order());
        Assert.All(AccessPurposes.Names, purpose => Assert.Equal(purpose.Value, MenuTexts.PurposeNames[purpose.Key].Ja));
    }

    [Theory]
    [InlineData("ja-JP", KioskLanguage.Japanese)]
    [InlineData("en-GB", KioskLanguage.English)]
    [InlineData("zh", KioskLanguage.Chinese)]
    [InlineData("zh-Hans", KioskLanguage.Chinese)]
    [InlineData("zh-CN", KioskLanguage.Chinese)]
    [InlineData("ko-KR", KioskLanguage.Korean)]
    [InlineData("pt-BR", KioskLanguage.Portuguese)]
    [InlineData("es-419", KioskLanguage.Spanish)]
    [InlineData("fr-FR", KioskLanguage.Japanese)]
    public void A_culture_maps_to_its_language_and_any_other_to_Japanese(string culture, KioskLanguage expected) =>
        Assert.Equal(expected, KioskLanguages.Of(new System.Globalization.CultureInfo(culture)));
}
