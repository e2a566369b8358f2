using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Pki.Verification;
using UglyToad.PdfPig;
using CertOrleans.Documents.Certificates;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Domiciles;

/// <summary>
/// 戸籍個人事項証明書 of another member of the card holder's register (their spouse or a lineal relative, never a sibling or a
/// member struck out), and 外字 carried by the family register feed: each from the feed through the kiosk to a printed,
/// verified PDF.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class RegisterMemberTests(GatewayFixture fixture)
{
    private const string City = TestResidents.Utsunomiya;
    private const string Prefix = "61";
    private const int Gaiji = 0xE001; // a private-use code point, as the 戸籍 system's 外字 arrive

    private sealed record Family(ResidentRecord Father, ResidentRecord Mother, ResidentRecord Son, ResidentRecord Daughter, FamilyRegisterRecord Register);

    /// <summary>
    /// A couple and their son and daughter, living together in 宇都宮市 with their 本籍 there, and a second son married out of
    /// the register (除籍). Members in register order: r1 father (筆頭者), r2 mother, r3 son, r4 daughter, r5 the son married out.
    /// </summary>
    private static Family MakeFamily(int family, string? motherInRegister = null)
    {
        ResidentRecord Person(int given, DateOnly born, string relationship) => TestResidents.Make(family + 20 * given, Prefix) with
        {
            DateOfBirth = born,
            Relationship = relationship,
            ResidentSince = new DateOnly(2005, 4, 1),
            AddressSince = new DateOnly(2005, 4, 1),
            HouseholdNumber = $"H{Prefix}{family}",
            FamilyRegisterNumber = $"K{Prefix}{family}",
        };
        var father = Person(0, new DateOnly(1968, 5, 1), "世帯主");
        var mother = Person(1, new DateOnly(1970, 8, 2), "妻");
        var son = Person(2, new DateOnly(1998, 3, 3), "子");
        var daughter = Person(3, new DateOnly(2001, 9, 4), "子");
        ResidentRecord InFamily(ResidentRecord r) => r with { HouseholdHead = father.FullName, HeadOfFamilyRegister = father.FullName, PermanentDomicile = father.PermanentDomicile };
        (father, mother, son, daughter) = (InFamily(father), InFamily(mother), InFamily(son), InFamily(daughter));
        var motherName = motherInRegister ?? mother.GivenName;
        FamilyRegisterMember Member(ResidentRecord? r, string name, DateOnly born, Sex sex, string relationship, bool child) => new()
        {
            Resident = r?.Key, Name = name, DateOfBirth = born, Sex = sex, Relationship = relationship,
            Father = child ? father.FullName : null, Mother = child ? $"{mother.FamilyName}　{motherName}" : null,
            Events = [new FamilyRegisterEvent("出生", born, "【出生地】栃木県宇都宮市")],
        };
        var register = new FamilyRegisterRecord
        {
            MunicipalityCode = City, RegisterNumber = father.FamilyRegisterNumber!, SourceVersion = 1, PermanentDomicile = father.PermanentDomicile!,
            HeadName = father.FullName, CompiledOn = new DateOnly(1995, 6, 1),
            Members =
            [
                Member(father, father.GivenName, father.DateOfBirth, Sex.Male, "長男", child: false),
                Member(mother, motherName, mother.DateOfBirth, Sex.Female, "妻", child: false),
                Member(son, son.GivenName, son.DateOfBirth, Sex.Male, "長男", child: true),
                Member(daughter, daughter.GivenName, daughter.DateOfBirth, Sex.Female, "長女", child: true),
                Member(null, "翔太", new DateOnly(1996, 1, 5), Sex.Male, "二男", child: true) with { Removed = true },
            ],
        };
        return new Family(father, mother, son, daughter, register);
    }

    private HttpClient Registry() => fixture.BearerClient(GatewayFixture.RegistryKey);

    /// <summary>The family through the registry feed (residents, then their 戸籍), and a card for <paramref name="holder"/>.</summary>
    private async Task<SoftwareCard> FeedAsync(Family family, ResidentRecord holder)
    {
        var registry = Registry();
        foreach (var person in new[] { family.Father, family.Mother, family.Son, family.Daughter })
            Assert.Equal("applied", await OutcomeAsync(await registry.PutAsync("registry/v1/residents", Json(ResidentFile.ToJson(person)))));
        Assert.Equal("applied", await OutcomeAsync(await registry.PutAsync("registry/v1/family-registers", Json(FamilyRegisterFile.ToJson(family.Register)))));
        var card = fixture.Pki.IssueCard();
        await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(holder.Key, "test");
        return card;
    }

    private static StringContent Json(string line) => new(line, Encoding.UTF8, "application/json");

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!;
    }

    private async Task<string> VerdictAsync(byte[] pdf)
    {
        var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var response = await fixture.Client(terminalId: null).PostAsync("verify/v1/documents", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString()!;
    }

    private async Task<Menu> MenuAsync(SoftwareCard card)
    {
        var kiosk = fixture.Kiosk();
        var (started, menu) = await kiosk.SignInAsync(card, TestPki.CardPin, City);
        await kiosk.CancelAsync(started.RequestId);
        return menu;
    }

    [Fact]
    public async Task A_spouses_individual_certificate_is_printed_for_the_applicant_naming_both_and_verifies()
    {
        var family = MakeFamily(0);
        var card = await FeedAsync(family, family.Father);

        // The menu lists the other members by their place in the register, with why the store cannot issue some of them.
        var members = (await MenuAsync(card)).RegisterMembers!;
        Assert.Equal(["r2", "r3", "r4", "r5"], members.Select(m => m.MemberId));
        Assert.Equal((family.Mother.FullName, "妻", (string?)null), (members[0].Name, members[0].Relationship, members[0].RefusalCode));
        Assert.Null(members[1].RefusalCode);
        Assert.Equal(RefusalCodes.RegisterMemberRemoved, members[3].RefusalCode);

        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "koseki-kojin", options: new KioskOptions { RegisterMember = "r2" });
        Assert.Equal("Printed", printed.Outcome);
        var text = PdfText.Compact(PdfText.All(printed.Document.Pdf));
        Assert.Contains(PdfText.Compact($"【名】{family.Mother.GivenName}"), text);
        Assert.DoesNotContain(PdfText.Compact($"【名】{family.Father.GivenName}"), text);
        Assert.DoesNotContain(family.Son.GivenName, text);
        Assert.Contains(PdfText.Compact($"{family.Father.FullName}　（{family.Mother.GivenName}の配偶者）"), text);

        // What is signed names the member proved and the applicant it was issued to, and the certificate is genuine.
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Contains($"=戸籍に記録されている者　【名】{family.Mother.GivenName}\n", reading.SignedContent);
        Assert.Contains($"|請求者={family.Father.FullName}　（{family.Mother.GivenName}の配偶者）\n", reading.SignedContent);
        Assert.Equal("genuine", await VerdictAsync(printed.Document.Pdf));
    }

    [Fact]
    public async Task A_parents_certificate_is_printed_for_their_child_and_a_siblings_is_refused_with_its_code()
    {
        var family = MakeFamily(1);
        var card = await FeedAsync(family, family.Son);

        var members = (await MenuAsync(card)).RegisterMembers!;
        Assert.Equal(["r1", "r2", "r4", "r5"], members.Select(m => m.MemberId));
        Assert.Null(members.Single(m => m.MemberId == "r1").RefusalCode);
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, members.Single(m => m.MemberId == "r4").RefusalCode);
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, members.Single(m => m.MemberId == "r5").RefusalCode);

        // The sister: refused before payment, with the code, and nothing printed.
        var refused = await Assert.ThrowsAsync<KioskProblemException>(() =>
            fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "koseki-kojin", options: new KioskOptions { RegisterMember = "r4" }));
        Assert.Equal(RefusalCodes.RegisterMemberNotAllowed, refused.Code);
        // An id the menu never gave, and a member with another certificate type: refused as options.
        Assert.Equal("option-not-allowed", (await Assert.ThrowsAsync<KioskProblemException>(() =>
            fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "koseki-kojin", options: new KioskOptions { RegisterMember = "r3" }))).Code);
        Assert.Equal("option-not-allowed", (await Assert.ThrowsAsync<KioskProblemException>(() =>
            fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "koseki-zenbu", options: new KioskOptions { RegisterMember = "r1" }))).Code);

        // The father: a lineal ascendant, printed with the son as the applicant.
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "koseki-kojin", options: new KioskOptions { RegisterMember = "r1" });
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Contains($"=戸籍に記録されている者　【名】{family.Father.GivenName}\n", reading.SignedContent);
        Assert.Contains($"|請求者={family.Son.FullName}　（{family.Father.GivenName}の子）\n", reading.SignedContent);
        Assert.DoesNotContain(family.Daughter.GivenName, reading.SignedContent);
        Assert.Equal("genuine", await VerdictAsync(printed.Document.Pdf));
    }

    [Fact]
    public async Task A_register_with_a_registered_gaiji_is_printed_with_its_glyph_and_verifies()
    {
        var name = $"花{char.ConvertFromUtf32(Gaiji)}";
        var family = MakeFamily(2, motherInRegister: name);
        family = family with { Register = family.Register with { Glyphs = new RegisteredGlyphs([new RegisteredGlyph(Gaiji, TestCertificates.SealPng("外"))]) } };
        var card = await FeedAsync(family, family.Father);

        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "koseki-zenbu");
        Assert.Equal("Printed", printed.Outcome);
        using (var pdf = PdfDocument.Open(printed.Document.Pdf))
        {
            // The mother's heading, and her name as the children's 母: the glyph drawn as an image wherever the 外字 stands.
            var page = pdf.GetPage(1);
            Assert.Contains(PdfText.Compact("【名】花"), PdfText.Compact(page.Text));
            Assert.NotEmpty(pdf.GetPages().SelectMany(p => p.GetImages()));
        }
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.True(SignedContent.TryDecode(reading.SignedContent!, out var items));
        Assert.True(items.Count(i => i.Name == ContentItem.GlyphName(Gaiji)) >= 2, "the 外字 in the heading and in the children's 母");
        Assert.Contains(items, i => i.Value.Contains(name, StringComparison.Ordinal));
        Assert.Equal("genuine", await VerdictAsync(printed.Document.Pdf));
    }

    [Fact]
    public async Task A_register_with_a_character_the_fonts_lack_and_no_glyph_is_refused()
    {
        var family = MakeFamily(3, motherInRegister: $"花{char.ConvertFromUtf32(Gaiji)}");
        var card = await FeedAsync(family, family.Father);

        var offers = (await MenuAsync(card)).Offers.Where(o => o.CertificateType.StartsWith("koseki", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(offers);
        Assert.All(offers, o => Assert.Equal(RefusalCodes.UnprintableCharacters, o.RefusalCode));
        var refused = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "koseki-zenbu"));
        Assert.Equal(RefusalCodes.UnprintableCharacters, refused.Code);
        // The 住民票 is another record: it is still issued.
        Assert.Equal("Printed", (await fixture.Kiosk().RunAsync(card, TestPki.CardPin, City, "juminhyo")).Outcome);
    }

    [Fact]
    public async Task The_family_register_feed_carries_glyphs_and_rejects_a_bad_one_by_name()
    {
        var family = MakeFamily(4, motherInRegister: $"花{char.ConvertFromUtf32(Gaiji)}");
        var register = family.Register with { Glyphs = new RegisteredGlyphs([new RegisteredGlyph(Gaiji, TestCertificates.SealPng("外"))]) };
        var line = FamilyRegisterFile.ToJson(register);
        var (parsed, error) = FamilyRegisterFile.Parse(line);
        Assert.Null(error);
        Assert.Equal(register.Glyphs, parsed!.Glyphs);

        var bad = await Registry().PutAsync("registry/v1/family-registers", Json(line.Replace("\"png\":\"", "\"png\":\"AAAA", StringComparison.Ordinal)));
        await TerminalApiTests.AssertProblem(bad, (HttpStatusCode)422, "record-rejected");
        Assert.Contains("glyphs[0].png", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("applied", await OutcomeAsync(await Registry().PutAsync("registry/v1/family-registers", Json(line))));
        Assert.Equal("duplicate", await OutcomeAsync(await Registry().PutAsync("registry/v1/family-registers", Json(line))));
    }
}
