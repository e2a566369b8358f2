using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Rendering;
using CertOrleans.Grains.Residents;
using CertOrleans.Pki;

namespace CertOrleans.Tests.Certificates;

/// <summary>Every certificate type through the request grain: the menu, the refusals, the document.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CertificateTypeTests(ClusterFixture fixture)
{
    private const string Terminal = "kiosk-a";

    private int FiscalYear => IssuanceRules.FiscalYearOn(JapaneseDates.TodayInJapan(fixture.Host.Time));

    private async Task<string> IssueAsync(SoftwareCard card, string type, CertificateOptions? options = null)
    {
        var (request, _) = await fixture.AuthenticatedRequestAsync(card, Terminal);
        var order = await request.Order(Terminal, new PlaceOrder(type, 1, options));
        await request.Pay(Terminal, new RecordPayment(order.Fee, "cash"));
        var document = await request.GetDocument(Terminal);
        await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null));
        return PdfText.All(document.Pdf);
    }

    private async Task<string> RefusalAsync(SoftwareCard card, string type, CertificateOptions? options = null)
    {
        var (request, _) = await fixture.AuthenticatedRequestAsync(card, Terminal);
        var ex = await Assert.ThrowsAsync<IssuanceException>(() => request.Order(Terminal, new PlaceOrder(type, 1, options)));
        await request.Cancel(Terminal);
        return ex.Code;
    }

    private IResidentGrain Grain(ResidentRecord resident) => fixture.Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey);

    [Fact]
    public async Task The_menu_lists_every_offered_type_with_its_fee()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var id = ClusterFixture.NewRequestId();
        var request = fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData));
        var menu = await request.Authenticate(Terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge)));
        Assert.Equal(
            [("juminhyo", "住民票の写し", 200), ("juminhyo-items", "住民票記載事項証明書", 200), ("inkan", "印鑑登録証明書", 200), ("shotoku-kazei", "所得・課税証明書", 250),
             ("koseki-zenbu", "戸籍全部事項証明書", 450), ("koseki-kojin", "戸籍個人事項証明書", 450), ("koseki-fuhyo", "戸籍の附票の写し", 300)],
            menu.Offers.Select(o => (o.Type, o.Name, o.Fee)));
        Assert.All(menu.Offers, o => Assert.True(o.AvailableNow));
        await request.Cancel(Terminal);
    }

    [Fact]
    public async Task A_seal_certificate_needs_a_live_registration()
    {
        var (resident, card) = await fixture.NewResidentWithCardAsync();
        Assert.Equal(RefusalCodes.SealNotRegistered, await RefusalAsync(card, "inkan"));

        var seal = new SealRegistration { SourceVersion = 1, RegistrationNumber = "092011-777", SealImagePng = TestCertificates.SealPng(resident.FamilyName), RegisteredOn = new DateOnly(2015, 5, 1) };
        Assert.Equal(ApplyOutcome.Applied, await Grain(resident).ApplySeal(seal));
        Assert.Contains("登録番号092011-777", await IssueAsync(card, "inkan"));

        // Abolished at the registry: refused from that moment on (the Niigata/Saitama/Kumamoto incidents).
        Assert.Equal(ApplyOutcome.Applied, await Grain(resident).ApplySeal(seal with { SourceVersion = 2, Abolished = true }));
        Assert.Equal(RefusalCodes.SealAbolished, await RefusalAsync(card, "inkan"));
        // A stale message from before the abolition does not bring it back.
        Assert.Equal(ApplyOutcome.Stale, await Grain(resident).ApplySeal(seal));
        Assert.Equal(RefusalCodes.SealAbolished, await RefusalAsync(card, "inkan"));
    }

    [Fact]
    public async Task An_income_tax_certificate_needs_the_current_fiscal_years_record()
    {
        var (resident, card) = await fixture.NewResidentWithCardAsync();
        await Grain(resident).ApplyTax(TestCertificates.Tax(FiscalYear - 1));
        Assert.Equal(RefusalCodes.TaxDataAbsent, await RefusalAsync(card, "shotoku-kazei"));

        await Grain(resident).ApplyTax(TestCertificates.Tax(FiscalYear));
        var text = await IssueAsync(card, "shotoku-kazei");
        Assert.Contains($"{JapaneseDates.Year(FiscalYear)}度所得・課税証明書", text);
        Assert.Contains("課税標準額2,130,000円", text);
    }

    [Fact]
    public async Task A_household_copy_prints_current_members_and_never_removed_ones()
    {
        var household = $"{Random.Shared.Next(100_000, 999_999)}";
        var (head, card) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "世帯主" });
        var (child, _) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "子", DateOfBirth = new DateOnly(2012, 1, 5) });
        var (departed, _) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "妻" });
        await Grain(departed).Apply(departed with { SourceVersion = 2, Status = ResidencyStatus.Deceased });

        var text = await IssueAsync(card, "juminhyo", new CertificateOptions(WholeHousehold: true));
        Assert.Contains(PdfText.Compact(head.FullName), text);
        Assert.Contains(PdfText.Compact(child.FullName), text);
        Assert.DoesNotContain(PdfText.Compact(departed.FullName), text);

        // Someone about to move out stops the household certificate, not the applicant's own.
        await Grain(child).Apply(child with { SourceVersion = 2, MoveOutFiled = true });
        Assert.Equal(RefusalCodes.HouseholdMoveOutPending, await RefusalAsync(card, "juminhyo", new CertificateOptions(WholeHousehold: true)));
        Assert.Contains(PdfText.Compact(head.FullName), await IssueAsync(card, "juminhyo"));
    }

    [Fact]
    public async Task A_household_member_under_support_measures_stops_the_household_copy_with_the_neutral_code()
    {
        var household = $"{Random.Shared.Next(100_000, 999_999)}";
        var (_, card) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "世帯主" });
        await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "妻", UnderSupportMeasures = true });
        Assert.Equal(RefusalCodes.ContactOffice, await RefusalAsync(card, "juminhyo", new CertificateOptions(WholeHousehold: true)));
    }

    [Fact]
    public async Task Options_that_the_type_or_the_municipality_does_not_allow_are_refused()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        Assert.Equal(ErrorCodes.OptionNotAllowed, await RefusalAsync(card, "juminhyo", new CertificateOptions(IncludeMyNumber: true)));
        Assert.Equal(ErrorCodes.OptionNotAllowed, await RefusalAsync(card, "inkan", new CertificateOptions(WholeHousehold: true)));
        Assert.Equal(ErrorCodes.OptionNotAllowed, await RefusalAsync(card, "juminhyo-items", new CertificateOptions(WholeHousehold: true)));
    }

    private async Task<(ResidentRecord Applicant, SoftwareCard Card, ResidentRecord Child, FamilyRegisterRecord Register)> FamilyAsync(bool pending = false)
    {
        var number = $"{Random.Shared.Next(100_000, 999_999)}";
        var (applicant, card) = await fixture.NewResidentWithCardAsync(r => r with { FamilyRegisterNumber = number });
        // A given name no other test resident has, so "only the applicant" can be checked by name.
        var (child, _) = await fixture.NewResidentWithCardAsync(r => r with { FamilyRegisterNumber = number, GivenName = "陽向", GivenNameKana = "ヒナタ" });
        var register = new FamilyRegisterRecord
        {
            MunicipalityCode = "092011", RegisterNumber = number, SourceVersion = 1, PermanentDomicile = "栃木県宇都宮市旭一丁目1番地",
            HeadName = applicant.FullName, CompiledOn = new DateOnly(2010, 4, 1), PendingFilings = pending,
            Members =
            [
                new FamilyRegisterMember { Resident = applicant.Key, Name = applicant.GivenName, DateOfBirth = applicant.DateOfBirth, Sex = applicant.Sex, Relationship = "長男",
                    Events = [new FamilyRegisterEvent("出生", applicant.DateOfBirth, "【出生地】栃木県宇都宮市")], AddressHistory = [new AddressEntry(applicant.Address, applicant.AddressSince)] },
                new FamilyRegisterMember { Resident = child.Key, Name = child.GivenName, DateOfBirth = child.DateOfBirth, Sex = child.Sex, Relationship = "長女",
                    Father = applicant.FullName, AddressHistory = [new AddressEntry(child.Address, child.AddressSince)] },
            ],
        };
        Assert.Equal(ApplyOutcome.Applied, await fixture.Host.Grains.GetGrain<IFamilyRegisterGrain>(register.GrainKey).Apply(register));
        return (applicant, card, child, register);
    }

    [Fact]
    public async Task Family_register_certificates_show_all_or_one_person_and_the_addresses()
    {
        var (applicant, card, child, register) = await FamilyAsync();
        var all = await IssueAsync(card, "koseki-zenbu");
        Assert.Contains("本籍栃木県宇都宮市旭一丁目1番地", all);
        Assert.Contains($"【名】{applicant.GivenName}", all);
        Assert.Contains($"【名】{child.GivenName}", all);
        Assert.Contains("これは、戸籍に記録されている事項の全部を証明した書面である。", all);

        var individual = await IssueAsync(card, "koseki-kojin");
        Assert.Contains($"【名】{applicant.GivenName}", individual);
        Assert.DoesNotContain($"【名】{child.GivenName}", individual);
        Assert.Contains("これは、戸籍中の一部の者について記録されている事項の全部を証明した書面である。", individual);

        var addresses = await IssueAsync(card, "koseki-fuhyo");
        Assert.Contains("戸籍の附票の写し", addresses);
        Assert.Contains(applicant.Address, addresses);

        // A filing accepted but not yet reflected stops every 戸籍 certificate.
        await fixture.Host.Grains.GetGrain<IFamilyRegisterGrain>(register.GrainKey).Apply(register with { SourceVersion = 2, PendingFilings = true });
        Assert.Equal(RefusalCodes.FamilyRegisterPending, await RefusalAsync(card, "koseki-zenbu"));
    }

    [Fact]
    public async Task Family_register_certificates_need_the_permanent_domicile_here()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync(r => r with { FamilyRegisterNumber = null });
        Assert.Equal(RefusalCodes.FamilyRegisterElsewhere, await RefusalAsync(card, "koseki-zenbu"));
    }

    [Fact]
    public async Task Outside_the_family_register_hours_the_order_is_refused_with_the_next_opening()
    {
        const string code = "092053"; // 鹿沼市
        var now = fixture.Host.Time.GetUtcNow().InJapan();
        // A 戸籍 window that excludes "now", whatever hour the test runs at.
        var hours = now.Hour >= 12 ? new Contracts.Municipalities.DailyHours(new TimeOnly(6, 30), new TimeOnly(7, 0)) : new Contracts.Municipalities.DailyHours(new TimeOnly(22, 0), new TimeOnly(23, 0));
        await fixture.Host.Grains.GetGrain<Contracts.Municipalities.IMunicipalityGrain>(Contracts.Municipalities.MunicipalityKeys.For(code)).Configure(new Contracts.Municipalities.MunicipalityConfiguration
        {
            Name = "鹿沼市", Prefecture = "栃木県", MayorTitle = "鹿沼市長", MayorName = "試験　五郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 200, ["koseki-zenbu"] = 450 }, FamilyRegisterHours = hours,
        }, "test");
        var (_, card) = await fixture.NewResidentWithCardAsync(r => r with { Key = r.Key with { MunicipalityCode = code } });
        var id = ClusterFixture.NewRequestId();
        var request = fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(Terminal, code, card.Certificate.RawData));
        var menu = await request.Authenticate(Terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge)));
        Assert.False(menu.Offers.Single(o => o.Type == "koseki-zenbu").AvailableNow);
        Assert.True(menu.Offers.Single(o => o.Type == "juminhyo").AvailableNow);

        var ex = await Assert.ThrowsAsync<IssuanceException>(() => request.Order(Terminal, new PlaceOrder("koseki-zenbu", 1)));
        Assert.Equal(ErrorCodes.ServiceClosed, ex.Code);
        Assert.NotNull(ex.NextOpening);
        Assert.Equal(hours.Opens, TimeOnly.FromDateTime(ex.NextOpening!.Value.InJapan().DateTime));
        // The 住民票 is still there for the same resident in the same request.
        Assert.Equal(200, (await request.Order(Terminal, new PlaceOrder("juminhyo", 1))).Fee);
        await request.Cancel(Terminal);
    }

    private async Task<(IIssuanceRequestGrain Request, AuthenticatedSession Menu)> MenuAsync(SoftwareCard card)
    {
        var id = ClusterFixture.NewRequestId();
        var request = fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData));
        return (request, await request.Authenticate(Terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge))));
    }

    [Fact]
    public async Task The_menu_says_per_card_holder_what_they_may_order()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync(r => r with { FamilyRegisterNumber = null });
        var (request, menu) = await MenuAsync(card);
        Assert.Null(menu.Offers.Single(o => o.Type == "juminhyo").RefusalCode);
        Assert.Equal(RefusalCodes.SealNotRegistered, menu.Offers.Single(o => o.Type == "inkan").RefusalCode);
        Assert.Equal(RefusalCodes.TaxDataAbsent, menu.Offers.Single(o => o.Type == "shotoku-kazei").RefusalCode);
        Assert.Equal(RefusalCodes.FamilyRegisterElsewhere, menu.Offers.Single(o => o.Type == "koseki-zenbu").RefusalCode);
        Assert.Contains("selectedMembers", menu.Offers.Single(o => o.Type == "juminhyo").Options!);
        Assert.DoesNotContain("includeMyNumber", menu.Offers.Single(o => o.Type == "juminhyo").Options!);
        await request.Cancel(Terminal);

        var (_, protectedCard) = await fixture.NewResidentWithCardAsync(r => r with { UnderSupportMeasures = true });
        var (other, protectedMenu) = await MenuAsync(protectedCard);
        Assert.All(protectedMenu.Offers, o => Assert.Equal(RefusalCodes.ContactOffice, o.RefusalCode));
        Assert.Empty(protectedMenu.HouseholdMembers ?? []);
        await other.Cancel(Terminal);
    }

    [Fact]
    public async Task A_copy_for_chosen_household_members_prints_only_them()
    {
        var household = $"{Random.Shared.Next(100_000, 999_999)}";
        var (head, card) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "世帯主" });
        var (spouse, _) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "妻" });
        var (child, _) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "子" });

        var (request, menu) = await MenuAsync(card);
        Assert.Equal(3, menu.HouseholdMembers!.Count);
        Assert.Equal(PdfText.Compact(head.FullName), PdfText.Compact(menu.HouseholdMembers[0].Name));
        var chosen = menu.HouseholdMembers.Where(m => m.Name == head.FullName || m.Name == child.FullName).Select(m => m.MemberId).ToList();

        await Assert.ThrowsAsync<IssuanceException>(() => request.Order(Terminal, new PlaceOrder("juminhyo", 1, new CertificateOptions(SelectedMembers: ["m9"]))));
        var order = await request.Order(Terminal, new PlaceOrder("juminhyo", 1, new CertificateOptions(SelectedMembers: chosen)));
        await request.Pay(Terminal, new RecordPayment(order.Fee, "cash"));
        var document = await request.GetDocument(Terminal);
        await request.ConfirmPrint(Terminal, new PrintReport(true, document.CertificateNumber, null));
        var text = PdfText.All(document.Pdf);
        Assert.Contains(PdfText.Compact(head.FullName), text);
        Assert.Contains(PdfText.Compact(child.FullName), text);
        Assert.DoesNotContain(PdfText.Compact(spouse.FullName), text);
    }

    [Fact]
    public async Task The_resident_record_items_certificate_is_issued()
    {
        var (resident, card) = await fixture.NewResidentWithCardAsync();
        var text = await IssueAsync(card, "juminhyo-items");
        Assert.Contains("住民票記載事項証明書", text);
        Assert.Contains(resident.Address, text);
    }
}
