using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Gateway.Apis;
using CertOrleans.Kiosk;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Domiciles;

/// <summary>
/// 本籍地 issuance on two cities of one deployment: residents of 宇都宮市 whose 本籍 is in 八王子市 register once at a
/// kiosk, 八王子市 matches them against its own 戸籍 (automatically, or by staff), and the kiosk then offers and prints
/// 八王子市's 戸籍 certificates, issued, signed and recorded by 八王子市.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DomicileIssuanceTests(GatewayFixture fixture)
{
    private const string Hachioji = TestDomiciles.Hachioji;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static int registers;

    [Fact]
    public async Task A_registered_holder_prints_their_domicile_citys_family_register_certificate()
    {
        var (resident, card) = await HolderWithDomicileInHachiojiAsync();
        var kiosk = fixture.Kiosk();

        // Before registering: the kiosk names the 本籍地 city, offers nothing of it, and an order from it is refused.
        var refused = await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.RunAsync(card, TestPki.CardPin, "092011", "koseki-kojin", fromDomicile: true));
        Assert.Equal("refused-domicile-not-registered", refused.Code);
        var menu = await kiosk.RegisterAsync(card, TestPki.CardPin, "092011");
        Assert.Equal(new DomicileStanding(Hachioji, "八王子市", "approved"), menu.Domicile);
        var offer = Assert.Single(menu.Offers, o => o is { MunicipalityCode: Hachioji, CertificateType: "koseki-kojin" });
        Assert.Equal(400, offer.Fee);
        Assert.DoesNotContain(menu.Offers, o => o.MunicipalityCode == Hachioji && o.CertificateType == "juminhyo");

        var printed = await kiosk.RunAsync(card, TestPki.CardPin, "092011", "koseki-kojin", fromDomicile: true);
        Assert.Equal(("Printed", 400), (printed.Outcome, printed.Order.Fee));
        Assert.StartsWith($"{Hachioji}-", printed.Document.CertificateNumber, StringComparison.Ordinal);
        var text = PdfText.Compact(PdfText.All(printed.Document.Pdf));
        foreach (var expected in new[] { "八王子市長", "東京都八王子市元本郷町三丁目", resident.GivenName, "戸籍個人事項証明書" })
            Assert.Contains(PdfText.Compact(expected), text);

        // Signed with 八王子市's key, recorded in 八王子市's journal, and nowhere in 宇都宮市's.
        var keys = (await fixture.Host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(Hachioji)).GetPublicKeys())
            .Select(k => new PublicIssuingKey(Hachioji, k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt)).ToList();
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(PdfCertificateReader.Read(printed.Document.Pdf), keys));
        var (hachioji, utsunomiya) = (await ChainAsync(Hachioji), await ChainAsync("092011"));
        Assert.Contains(printed.RequestId, hachioji);
        Assert.DoesNotContain(printed.RequestId, utsunomiya);
        // The holder's kiosk history lists what 八王子市 issued them, beside their own city's issuances.
        var next = await kiosk.RunAsync(card, TestPki.CardPin, "092011", "juminhyo", showHistory: true);
        Assert.Contains(next.History!, h => h.CertificateNumber == printed.Document.CertificateNumber && h.CertificateType == "koseki-kojin");
        // The registration is in 八王子市's chain by pseudonym: no name, no address.
        Assert.Contains(JournalKinds.DomicileDecided, hachioji);
        Assert.DoesNotContain(resident.GivenName, hachioji);
        Assert.DoesNotContain("元本郷町", hachioji);
    }

    [Fact]
    public async Task Staff_decide_what_the_policy_cannot_match_and_a_revoked_card_ends_the_registration()
    {
        // The residence city writes the 本籍 with a numeral where the 戸籍 has a kanji: the lookup finds no register.
        var (resident, card) = await HolderWithDomicileInHachiojiAsync(residenceWrites: "東京都八王子市元本郷町3丁目24番地");
        var kiosk = fixture.Kiosk();
        Assert.Equal("pending", (await kiosk.RegisterAsync(card, TestPki.CardPin, "092011")).Domicile!.Status);
        Assert.Equal("refused-domicile-not-registered",
            (await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.RunAsync(card, TestPki.CardPin, "092011", "koseki-zenbu", fromDomicile: true))).Code);

        // In 八王子市's queue for its staff, and not for 宇都宮市's.
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        var path = $"admin/v1/municipalities/{Hachioji}/domicile-registrations";
        var queued = Assert.Single((await admin.GetFromJsonAsync<List<DomicileRegistrationResource>>(path, Json))!, r => r.ResidentNumber == resident.Key.ResidentNumber);
        Assert.Equal((resident.GivenName, resident.DateOfBirth, "pending"), (queued.GivenName, queued.DateOfBirth, queued.Status));
        await TerminalApiTests.AssertProblem(await fixture.BearerClient(GatewayFixture.CityAdminKey).GetAsync(path), HttpStatusCode.Forbidden, "key-out-of-scope");

        var applicant = $"{path}/092011/{resident.Key.ResidentNumber}";
        await TerminalApiTests.AssertProblem(await admin.PostAsJsonAsync($"{applicant}/decision", new { approve = true }), HttpStatusCode.Conflict, "domicile-no-match");
        await TerminalApiTests.AssertProblem(await admin.PostAsJsonAsync($"{applicant}/decision", new { approve = true, registerNumber = "no-such-register" }), HttpStatusCode.Conflict, "domicile-no-match");
        var approved = await (await admin.PostAsJsonAsync($"{applicant}/decision", new { approve = true, registerNumber = RegisterNumber(resident) })).Content.ReadFromJsonAsync<DomicileRegistrationResource>(Json);
        Assert.Equal(("approved", RegisterNumber(resident)), (approved!.Status, approved.RegisterNumber));
        Assert.StartsWith("cluster-operator-", approved.DecidedBy, StringComparison.Ordinal);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<List<DomicileRegistrationResource>>(path, Json))!, r => r.ResidentNumber == resident.Key.ResidentNumber);
        Assert.Equal("Printed", (await kiosk.RunAsync(card, TestPki.CardPin, "092011", "koseki-zenbu", fromDomicile: true)).Outcome);

        // The card is revoked: the registration made with it ends, and a new card must register again.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"admin/v1/cards/{card.Certificate.SerialNumber}/revoke", null)).StatusCode);
        Assert.Equal("ended", (await admin.GetFromJsonAsync<DomicileRegistrationResource>(applicant, Json))!.Status);
        var renewed = fixture.Pki.IssueCard();
        await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(renewed.Certificate.SerialNumber)).Link(resident.Key, "test");
        Assert.Equal("refused-domicile-not-registered",
            (await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.RunAsync(renewed, TestPki.CardPin, "092011", "koseki-zenbu", fromDomicile: true))).Code);
        Assert.Equal("pending", (await kiosk.RegisterAsync(renewed, TestPki.CardPin, "092011")).Domicile!.Status);
        var rejected = await (await admin.PostAsJsonAsync($"{applicant}/decision", new { approve = false })).Content.ReadFromJsonAsync<DomicileRegistrationResource>(Json);
        Assert.Equal(("rejected", "domicile-rejected"), (rejected!.Status, rejected.Reason));
        Assert.Equal("rejected", (await kiosk.RunAsync(renewed, TestPki.CardPin, "092011", "juminhyo")).Menu.Domicile!.Status);
    }

    [Fact]
    public async Task A_given_name_and_birth_date_alone_approve_nothing_and_staff_cannot_name_another_domicile()
    {
        // Same 本籍, 筆頭者, given name and birth date, another 氏: someone else's register; the policy leaves it to staff.
        var (stranger, strangerCard) = await HolderWithDomicileInHachiojiAsync(familyName: "別氏");
        var kiosk = fixture.Kiosk();
        Assert.Equal("pending", (await kiosk.RegisterAsync(strangerCard, TestPki.CardPin, "092011")).Domicile!.Status);
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        var path = $"admin/v1/municipalities/{Hachioji}/domicile-registrations/092011";
        await TerminalApiTests.AssertProblem(await admin.PostAsJsonAsync($"{path}/{stranger.Key.ResidentNumber}/decision",
            new { approve = true, registerNumber = RegisterNumber(stranger) }), HttpStatusCode.Conflict, "domicile-no-match");

        // Staff may read 「3丁目」 as 「三丁目」 (the test above), not another 番地: naming a register no longer skips the 本籍.
        var (elsewhere, elsewhereCard) = await HolderWithDomicileInHachiojiAsync(residenceWrites: "東京都八王子市元本郷町三丁目25番地");
        Assert.Equal("pending", (await kiosk.RegisterAsync(elsewhereCard, TestPki.CardPin, "092011")).Domicile!.Status);
        await TerminalApiTests.AssertProblem(await admin.PostAsJsonAsync($"{path}/{elsewhere.Key.ResidentNumber}/decision",
            new { approve = true, registerNumber = RegisterNumber(elsewhere) }), HttpStatusCode.Conflict, "domicile-no-match");
    }

    [Fact]
    public async Task Only_the_domicile_city_decides_or_ends_a_registration_checked_with_the_act()
    {
        var (resident, card) = await HolderWithDomicileInHachiojiAsync(residenceWrites: "東京都八王子市元本郷町3丁目24番地");
        Assert.Equal("pending", (await fixture.Kiosk().RegisterAsync(card, TestPki.CardPin, "092011")).Domicile!.Status);
        var registration = fixture.Host.Grains.GetGrain<CertOrleans.Contracts.Domiciles.IDomicileRegistrationGrain>(CertOrleans.Contracts.Domiciles.DomicileRegistrationKeys.For(resident.Key));

        // 足利市 (another city of the deployment) reaches the grain past any gateway check: it neither decides nor ends.
        var refused = await Assert.ThrowsAsync<CertOrleans.Contracts.Requests.IssuanceException>(() =>
            registration.Decide(new CertOrleans.Contracts.Domiciles.DomicileDecision(true, "someone-of-092029", "092029", RegisterNumber(resident))));
        Assert.Equal(CertOrleans.Contracts.Domiciles.DomicileReasons.Unknown, refused.Code);
        Assert.False(await registration.End(CertOrleans.Contracts.Domiciles.DomicileReasons.EndedByStaff, "someone-of-092029", domicileCode: "092029"));
        Assert.Equal(CertOrleans.Contracts.Domiciles.DomicileRegistrationStatus.Pending, (await registration.Get())!.Status);
        Assert.Equal(CertOrleans.Contracts.Domiciles.DomicileRegistrationStatus.Approved,
            (await registration.Decide(new CertOrleans.Contracts.Domiciles.DomicileDecision(true, "staff-of-132012", Hachioji, RegisterNumber(resident)))).Status);
    }

    [Theory]
    [InlineData("三丁目二十四番地", "3丁目24番地")]
    [InlineData("一〇五番地", "105番地")]
    [InlineData("十番地の百二", "10番地の102")]
    [InlineData("千二百三十四", "1234")]
    public void Numbers_in_a_domicile_read_alike_however_written(string kanji, string digits) =>
        Assert.Equal(digits, CertOrleans.Contracts.Domiciles.DomicileParticulars.FoldNumerals(kanji));

    [Fact]
    public async Task A_transfer_of_the_domicile_ends_the_registration()
    {
        var (resident, card) = await HolderWithDomicileInHachiojiAsync();
        var kiosk = fixture.Kiosk();
        Assert.Equal("approved", (await kiosk.RegisterAsync(card, TestPki.CardPin, "092011")).Domicile!.Status);

        // 転籍 to 宇都宮市: the residence record now names a 本籍 here, and the registration with 八王子市 is over.
        await fixture.Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).Apply(resident with { SourceVersion = 2, PermanentDomicile = "栃木県宇都宮市本町1番地" });
        var refused = await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.RunAsync(card, TestPki.CardPin, "092011", "koseki-kojin", fromDomicile: true));
        Assert.Equal("domicile-none", refused.Code);
        var registration = await fixture.Host.Grains.GetGrain<Contracts.Domiciles.IDomicileRegistrationGrain>(Contracts.Domiciles.DomicileRegistrationKeys.For(resident.Key)).Get();
        Assert.Equal((Contracts.Domiciles.DomicileRegistrationStatus.Ended, "domicile-transferred"), (registration!.Status, registration.Reason));
    }

    /// <summary>A resident of 宇都宮市 with a card, and 八王子市's 戸籍 that records them (they live elsewhere: no resident link).</summary>
    /// <param name="residenceWrites">The 本籍 as the residence city's record writes it.</param>
    /// <param name="familyName">The applicant's 氏, when it is not the register's.</param>
    private async Task<(ResidentRecord Resident, CertOrleans.Pki.SoftwareCard Card)> HolderWithDomicileInHachiojiAsync(string? residenceWrites = null, string? familyName = null)
    {
        const string domicile = "東京都八王子市元本郷町三丁目24番地";
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with
        {
            PermanentDomicile = residenceWrites ?? domicile,
            FamilyRegisterNumber = null,
            FamilyName = familyName ?? r.FamilyName,
        }))[0];
        var number = $"x{Interlocked.Increment(ref registers)}-{resident.Key.ResidentNumber}";
        numbers[resident.Key] = number;
        await TestDomiciles.StoreRegisterAsync(fixture.Host.Grains, resident, domicile, number);
        return (resident, card);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ResidentKey, string> numbers = new();

    private static string RegisterNumber(ResidentRecord resident) => numbers[resident.Key];

    private async Task<string> ChainAsync(string code) =>
        JsonSerializer.Serialize((await fixture.BearerClient(GatewayFixture.AdminKey).GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/{code}/journal/bundle", Json))!.Entries);
}
