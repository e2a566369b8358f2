using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;

namespace CertOrleans.Tests.Residents;

/// <summary>The feed's rules for foreign residents' records and for 前住所 and 異動事由: what is accepted, what is refused and why.</summary>
public sealed class ForeignResidentFileTests
{
    private const string Start = """{"municipalityCode":"092011","residentNumber":"100000777","sourceVersion":1,"dateOfBirth":"1990-02-03","sex":"male","address":"栃木県宇都宮市旭一丁目2番3号","residentSince":"2021-04-01","addressSince":"2021-04-01","householdHead":"SILVA LUCAS","relationship":"世帯主",""";

    private static string Line(string names, string foreign, string extra = "") =>
        Start + names + ",\"foreign\":{" + foreign + "}" + extra + "}";

    private const string Names = "\"familyName\":\"SILVA\",\"givenName\":\"LUCAS\",\"familyNameKana\":\"シルバ\",\"givenNameKana\":\"ルーカス\"";
    private const string MidToLongTerm = "\"nationality\":\"ブラジル\",\"category\":\"midToLongTerm\",\"residenceStatus\":\"定住者\",\"periodOfStay\":\"5年\",\"periodOfStayEnds\":\"2029-03-31\",\"residenceCardNumber\":\"AB12345678CD\"";

    private static ResidentRecord Accepted(string line)
    {
        var (entry, error) = ResidentFile.Parse(line);
        Assert.Null(error);
        return entry!.Record;
    }

    private static string Rejected(string line)
    {
        var (entry, error) = ResidentFile.Parse(line);
        Assert.Null(entry);
        Assert.NotNull(error);
        // A rejection names the field or the rule, never the value.
        Assert.DoesNotContain("SILVA", error);
        Assert.DoesNotContain("AB12345678CD", error);
        return error;
    }

    [Fact]
    public void A_full_foreign_record_is_read_with_every_item_and_written_back_the_same()
    {
        var line = Line(Names, MidToLongTerm + ",\"commonName\":\"白羽　ルカ\",\"commonNameHistory\":[{\"name\":\"白羽　ルカ\",\"recordedBy\":\"宇都宮市\",\"recordedOn\":\"2021-05-06\"}]",
            ",\"previousAddress\":\"群馬県前橋市大手町二丁目1番1号\",\"lastChange\":{\"reason\":\"moveIn\",\"date\":\"2021-04-01\"}");
        var record = Accepted(line);
        Assert.Equal("SILVA LUCAS", record.FullName);
        var foreign = record.Foreign!;
        Assert.Equal((ForeignResidentCategory?)ForeignResidentCategory.MidToLongTerm, foreign.Category);
        Assert.Equal(("定住者", "5年", new DateOnly(2029, 3, 31), "AB12345678CD"), (foreign.ResidenceStatus, foreign.PeriodOfStay, foreign.PeriodOfStayEnds!.Value, foreign.ResidenceCardNumber));
        Assert.Equal("白羽　ルカ", foreign.CommonName);
        Assert.Equal([new CommonNameEntry("白羽　ルカ", "宇都宮市", new DateOnly(2021, 5, 6))], foreign.CommonNameHistory!.Entries);
        Assert.Equal("群馬県前橋市大手町二丁目1番1号", record.PreviousAddress);
        Assert.Equal(new ResidentChange(ResidentChangeReason.MoveIn, new DateOnly(2021, 4, 1)), record.LastChange);

        // Written and read again, the record is the same value: the grain sees a repeat as a duplicate.
        var again = Accepted(ResidentFile.ToJson(record));
        Assert.Equal(record, again);
    }

    [Fact]
    public void A_special_permanent_resident_has_a_certificate_number_and_neither_a_status_nor_a_period()
    {
        var record = Accepted(Line(Names, "\"nationality\":\"韓国\",\"category\":\"specialPermanent\",\"residenceCardNumber\":\"XY87654321ZW\""));
        Assert.Equal("", record.Foreign!.ResidenceStatus);
        Assert.Null(record.Foreign.PeriodOfStayEnds);
        Assert.Contains("has no residence status", Rejected(Line(Names, "\"nationality\":\"韓国\",\"category\":\"specialPermanent\",\"residenceCardNumber\":\"XY87654321ZW\",\"residenceStatus\":\"永住者\"")));
        Assert.Contains("no period of stay", Rejected(Line(Names, "\"nationality\":\"韓国\",\"category\":\"specialPermanent\",\"residenceCardNumber\":\"XY87654321ZW\",\"periodOfStayEnds\":\"2030-01-01\"")));
        // A 経過滞在者 holds no card.
        Accepted(Line(Names, "\"nationality\":\"ブラジル\",\"category\":\"transitionalBirth\""));
        Assert.Contains("has no card", Rejected(Line(Names, "\"nationality\":\"ブラジル\",\"category\":\"transitionalBirth\",\"residenceCardNumber\":\"AB12345678CD\"")));
    }

    [Fact]
    public void A_line_without_a_category_is_read_as_before_and_needs_a_card_and_a_status()
    {
        var record = Accepted(Line(Names, "\"nationality\":\"ベトナム\",\"residenceCardNumber\":\"AB12345678CD\",\"residenceStatus\":\"技能実習\""));
        Assert.Null(record.Foreign!.Category);
        Assert.Contains("residenceStatus is required", Rejected(Line(Names, "\"nationality\":\"ベトナム\",\"residenceCardNumber\":\"AB12345678CD\"")));
        Assert.Contains("residenceCardNumber is required", Rejected(Line(Names, "\"nationality\":\"ベトナム\",\"residenceStatus\":\"技能実習\"")));
    }

    [Theory]
    [InlineData("\"familyName\":\"SILVA\",\"givenName\":\"LUCAS\",\"familyNameKana\":\"\",\"givenNameKana\":\"\"", null)]
    [InlineData("\"familyName\":\"SUKARNO\",\"givenName\":\"\",\"familyNameKana\":\"スカルノ\",\"givenNameKana\":\"\"", null)]
    [InlineData("\"familyName\":\"O'NEILL-SMITH\",\"givenName\":\"MARY ANN\",\"familyNameKana\":\"\",\"givenNameKana\":\"\"", null)]
    [InlineData("\"familyName\":\"シルバ\",\"givenName\":\"LUCAS\",\"familyNameKana\":\"\",\"givenNameKana\":\"\"", "name in the alphabet")]
    [InlineData("\"familyName\":\"SILVA\",\"givenName\":\"LUCAS  JR\",\"familyNameKana\":\"\",\"givenNameKana\":\"\"", "name in the alphabet")]
    [InlineData("\"familyName\":\"SILVA\",\"givenName\":\"LUCAS \",\"familyNameKana\":\"\",\"givenNameKana\":\"\"", "name in the alphabet")]
    [InlineData("\"familyName\":\"SILVA\",\"givenName\":\"LUCAS\",\"familyNameKana\":\"silva\",\"givenNameKana\":\"\"", "katakana")]
    [InlineData("\"familyName\":\"SILVA\",\"givenName\":\"LUCAS\",\"familyNameKana\":\"\",\"givenNameKana\":\"ルーカス\"", "katakana")]
    public void A_foreign_residents_name_is_in_the_alphabet_and_the_katakana_is_optional(string names, string? problem)
    {
        var line = Line(names, MidToLongTerm);
        if (problem is null) Accepted(line);
        else Assert.Contains(problem, Rejected(line));
    }

    [Fact]
    public void A_name_in_the_alphabet_is_bounded()
    {
        var longest = new string('A', 50);
        Accepted(Line($"\"familyName\":\"{longest}\",\"givenName\":\"{longest}\",\"familyNameKana\":\"\",\"givenNameKana\":\"\"", MidToLongTerm));
        Assert.Contains("at most 100 characters", Rejected(Line($"\"familyName\":\"{longest}\",\"givenName\":\"{longest}B\",\"familyNameKana\":\"\",\"givenNameKana\":\"\"", MidToLongTerm)));
    }

    [Theory]
    [InlineData(",\"permanentDomicile\":\"栃木県宇都宮市旭一丁目1番地\"", "no permanent domicile")]
    [InlineData(",\"headOfFamilyRegister\":\"鈴木　一郎\"", "no permanent domicile")]
    [InlineData(",\"familyRegisterNumber\":\"000001\"", "no permanent domicile")]
    public void A_foreign_record_has_no_permanent_domicile(string extra, string problem) =>
        Assert.Contains(problem, Rejected(Line(Names, MidToLongTerm, extra)));

    [Theory]
    [InlineData("\"residenceCardNumber\":\"AB1234567CD\"", "2 capital letters, 8 digits")]
    [InlineData("\"residenceCardNumber\":\"ab12345678cd\"", "2 capital letters, 8 digits")]
    [InlineData("\"category\":\"tourist\"", "foreign.category must be one of")]
    [InlineData("\"periodOfStay\":\"three years\"", "periodOfStay")]
    [InlineData("\"periodOfStay\":\"\"", "periodOfStay")]
    [InlineData("\"periodOfStayEnds\":\"1980-01-01\"", "periodOfStayEnds is out of range")]
    [InlineData("\"periodOfStayEnds\":\"2029-02-30\"", "invalid JSON")]
    [InlineData("\"nationality\":\"\"", "nationality is required")]
    [InlineData("\"commonNameHistory\":[null]", "an item is null")]
    [InlineData("\"commonNameHistory\":[{\"name\":\"白羽\",\"recordedBy\":\"宇都宮市\",\"recordedOn\":\"2021-05-06\",\"deletedOn\":\"2020-01-01\",\"deletedBy\":\"宇都宮市\"}]", "cannot precede recordedOn")]
    [InlineData("\"commonNameHistory\":[{\"name\":\"白羽\",\"recordedBy\":\"宇都宮市\",\"recordedOn\":\"2021-05-06\",\"deletedOn\":\"2022-01-01\"}]", "come together")]
    public void Bad_foreign_items_are_rejected_naming_the_field(string replacement, string problem)
    {
        var field = replacement[..(replacement.IndexOf(':') + 1)];
        var items = MidToLongTerm.Contains(field, StringComparison.Ordinal)
            ? string.Join(',', MidToLongTerm.Split(',').Select(part => part.StartsWith(field, StringComparison.Ordinal) ? replacement : part))
            : MidToLongTerm + "," + replacement;
        Assert.Contains(problem, Rejected(Line(Names, items)));
    }

    [Fact]
    public void Twenty_one_common_names_are_too_many()
    {
        var entries = string.Join(',', Enumerable.Range(0, 21).Select(_ => "{\"name\":\"白羽\",\"recordedBy\":\"宇都宮市\",\"recordedOn\":\"2021-05-06\"}"));
        Assert.Contains("at most 20 entries", Rejected(Line(Names, MidToLongTerm + ",\"commonNameHistory\":[" + entries + "]")));
    }

    [Theory]
    [InlineData(",\"lastChange\":{\"reason\":\"moving\",\"date\":\"2021-04-01\"}", "lastChange.reason must be one of")]
    [InlineData(",\"lastChange\":{\"reason\":\"birth\",\"date\":\"1980-04-01\"}", "cannot precede dateOfBirth")]
    [InlineData(",\"lastChange\":{\"reason\":\"moveIn\"}", "invalid JSON")]
    [InlineData(",\"previousAddress\":\" \"", "previousAddress")]
    public void Bad_previous_address_or_last_change_is_rejected(string extra, string problem) =>
        Assert.Contains(problem, Rejected(Line(Names, MidToLongTerm, extra)));

    [Fact]
    public void A_japanese_record_takes_previous_address_and_last_change_too_and_still_needs_its_kana()
    {
        const string japanese = """{"municipalityCode":"092011","residentNumber":"100000001","sourceVersion":1,"familyName":"鈴木","givenName":"花子","familyNameKana":"スズキ","givenNameKana":"ハナコ","dateOfBirth":"1985-04-12","sex":"female","address":"栃木県宇都宮市旭一丁目1番5号","residentSince":"2010-04-01","addressSince":"2010-04-01","householdHead":"鈴木　一郎","relationship":"妻","previousAddress":"東京都世田谷区桜丘一丁目2番3号","lastChange":{"reason":"moveIn","date":"2010-04-01"}}""";
        var record = Accepted(japanese);
        Assert.Equal("東京都世田谷区桜丘一丁目2番3号", record.PreviousAddress);
        Assert.Equal(ResidentChangeReason.MoveIn, record.LastChange!.Reason);
        Assert.Contains("katakana", ResidentFile.Parse(japanese.Replace("\"ハナコ\"", "\"\"", StringComparison.Ordinal)).Error);
        Assert.Contains("givenName are required", ResidentFile.Parse(japanese.Replace("\"花子\"", "\"\"", StringComparison.Ordinal)).Error);
        var tooLong = new string('町', ResidentFile.MaxPreviousAddress + 1);
        Assert.Contains("previousAddress", ResidentFile.Parse(japanese.Replace("東京都世田谷区桜丘一丁目2番3号", tooLong, StringComparison.Ordinal)).Error);
    }
}
