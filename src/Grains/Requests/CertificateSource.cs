using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Grains.Requests;

/// <summary>The registry data one certificate is made from (the applicant, their household, their 戸籍), or the first refusal.</summary>
public sealed record CertificateData(string? Refusal, CertificatePreparation? Applicant, IReadOnlyList<ResidentRecord> Household)
{
    public static CertificateData Refused(string refusal) => new(refusal, null, []);
}

/// <summary>
/// Asks the resident, household and family-register grains for what a request needs, and no more: refusal
/// codes for the menu, the data itself only when it is about to be printed (or, for a household certificate,
/// checked member by member).
/// </summary>
public sealed class CertificateSource(IGrainFactory grains)
{
    /// <summary>For each type, why the card holder cannot have it, or null.</summary>
    public Task<IReadOnlyDictionary<CertificateType, string?>> RefusalsAsync(ResidentKey resident, IReadOnlyList<CertificateType> types, DateOnly issueDate) =>
        grains.GetGrain<IResidentGrain>(resident.GrainKey).GetRefusals(types, issueDate);

    /// <summary>What the menu needs of the card holder, for the types <paramref name="menu"/> offers, in one call; null when no data is held.</summary>
    public Task<ResidentMenuView?> MenuViewAsync(ResidentKey resident, Menu menu, DateOnly issueDate) =>
        grains.GetGrain<IResidentGrain>(resident.GrainKey).GetMenuView(menu.Offers.Select(o => CertificateTypes.Parse(o.Type)).ToList(), issueDate, menu.Tax);

    /// <summary>
    /// The municipality's menu for this card holder: each offer with the code of why they cannot have it, or none, and for
    /// a tax certificate the fiscal years they may choose (those the city offers that their records allow).
    /// </summary>
    public static IReadOnlyList<CertificateOffer> OffersFor(Menu menu, ResidentMenuView view) =>
        menu.Offers.Select(offer =>
        {
            var type = CertificateTypes.Parse(offer.Type);
            return offer with
            {
                RefusalCode = view.Refusals[type] is { } refusal ? RefusalCodes.ForTerminal(refusal) : null,
                FiscalYears = type.IsTax() ? view.TaxYears?.GetValueOrDefault(type) ?? [] : offer.FiscalYears,
            };
        }).ToList();

    /// <summary>
    /// The household's current members by name, for a 住民票 of chosen members: the head first, the holder among them; none
    /// when no household certificate can be issued (the same rules as <see cref="GatherAsync"/>'s). Each member's grain
    /// answers with a name only (<see cref="HouseholdMemberName"/>): their records are read when the certificate is made.
    /// </summary>
    public async Task<IReadOnlyList<(ResidentKey Key, string FullName)>> HouseholdMembersAsync(ResidentKey resident, ResidentMenuView view, DateOnly issueDate)
    {
        if (view.AsApplicant is not { RefusalCode: null, Data: { } holder }) return [];
        var own = (holder.Key, holder.FullName, Head: holder.Relationship == HouseholdMemberName.HeadRelationship);
        if (holder.HouseholdNumber is not { } household) return [(own.Key, own.FullName)];

        var keys = (await grains.GetGrain<IHouseholdGrain>(HouseholdKeys.For(resident.MunicipalityCode, household)).GetMembers()).Where(k => k != resident).ToList();
        var names = await Task.WhenAll(keys.Select(k => grains.GetGrain<IResidentGrain>(k.GrainKey).GetHouseholdMemberName(household, issueDate)));
        if (names.Any(n => n?.RefusalCode is not null)) return [];
        return keys.Zip(names).Where(m => m.Second is not null)
            .Select(m => (Key: m.First, FullName: m.Second!.FullName!, Head: m.Second.HeadOfHousehold))
            .Append(own)
            .OrderBy(m => m.Head ? 0 : 1)
            .Select(m => (m.Key, m.FullName))
            .ToList();
    }

    /// <summary>
    /// The other members of the holder's 戸籍, for a 戸籍個人事項証明書 of one of them, each with why not or null; none when the
    /// menu offers no 戸籍個人事項証明書 the holder may have.
    /// </summary>
    public async Task<IReadOnlyList<RegisterMemberStanding>> RegisterMembersAsync(ResidentKey resident, ResidentMenuView view)
    {
        if (view.Refusals.GetValueOrDefault(CertificateType.FamilyRegisterIndividual, RefusalCodes.NotOffered) is not null
            || view.AsApplicant.Data is not { FamilyRegisterNumber: { } number }) return [];
        return await grains.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(resident.MunicipalityCode, number)).GetMembersFor(resident);
    }

    /// <summary>
    /// The applicant's data (and, for a household certificate, every current member's). Members removed from
    /// the household (消除者) are left out; a member about to move out, or under support measures, stops the
    /// household certificate. <paramref name="applicant"/>: the applicant's preparation for <paramref name="type"/>, when already read.
    /// <paramref name="registerMember"/>: for a 戸籍個人事項証明書 of another member of the holder's register, the member the menu listed.
    /// A tax certificate is of the year in <paramref name="options"/>, under the city's <paramref name="tax"/> terms.
    /// </summary>
    public async Task<CertificateData> GatherAsync(ResidentKey resident, CertificateType type, CertificateOptions options, DateOnly issueDate,
        IReadOnlyDictionary<string, ResidentKey>? memberIds = null, DomicileIssue? domicile = null, CertificatePreparation? applicant = null,
        RegisterMemberReference? registerMember = null, TaxTerms? tax = null)
    {
        if (domicile is not null) return await GatherFromDomicileAsync(resident, domicile, issueDate);
        if (type.IsTax() && applicant is null)
        {
            var terms = tax ?? throw new ArgumentNullException(nameof(tax), "A tax certificate is gathered under the city's terms.");
            applicant = await grains.GetGrain<IResidentGrain>(resident.GrainKey).PrepareTax(type, options.FiscalYear ?? terms.Latest, terms, issueDate);
        }
        applicant ??= await grains.GetGrain<IResidentGrain>(resident.GrainKey).Prepare(type, issueDate);
        if (applicant.RefusalCode is { } refusal) return CertificateData.Refused(refusal);
        var record = applicant.Data!;
        if (type.IsFamilyRegister())
        {
            var registers = grains.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(resident.MunicipalityCode, record.FamilyRegisterNumber!));
            var register = registerMember is { } member ? await registers.PrepareMember(resident, member) : await registers.Prepare(resident);
            if (register.RefusalCode is { } registerRefusal) return CertificateData.Refused(registerRefusal);
            return new CertificateData(null, applicant with { FamilyRegister = register.FamilyRegister }, [record]);
        }
        if (!OrderRules.IsHouseholdCertificate(options) || record.HouseholdNumber is null) return new CertificateData(null, applicant, [record]);

        var keys = await grains.GetGrain<IHouseholdGrain>(HouseholdKeys.For(resident.MunicipalityCode, record.HouseholdNumber)).GetMembers();
        var members = await Task.WhenAll(keys.Where(k => k != resident).Select(k => grains.GetGrain<IResidentGrain>(k.GrainKey).PrepareAsHouseholdMember(issueDate)));
        if (members.FirstOrDefault(m => m.RefusalCode is not null) is { RefusalCode: { } memberRefusal }) return CertificateData.Refused(memberRefusal);
        var household = members.Select(m => m.Data!)
            .Where(m => m.Status == ResidencyStatus.Resident && m.HouseholdNumber == record.HouseholdNumber)
            .Append(record)
            .OrderBy(m => m.Relationship == "世帯主" ? 0 : 1).ThenBy(m => m.DateOfBirth)
            .ToList();
        if (options.ChosenMembers)
        {
            var chosen = options.SelectedMembers!.Select(id => memberIds![id]).ToHashSet();
            household = household.Where(m => chosen.Contains(m.Key)).ToList();
        }
        return new CertificateData(null, applicant, household);
    }

    /// <summary>
    /// A 戸籍 certificate of the holder's 本籍地 city: the residence city's rules for the holder, then the register matched at
    /// registration, which must still hold them. A record that names another 本籍 or 筆頭者 since is a 転籍: refused.
    /// </summary>
    private async Task<CertificateData> GatherFromDomicileAsync(ResidentKey resident, DomicileIssue domicile, DateOnly issueDate)
    {
        var applicant = await grains.GetGrain<IResidentGrain>(resident.GrainKey).PrepareForDomicile(issueDate);
        if (applicant.RefusalCode is { } refusal) return CertificateData.Refused(refusal);
        if (Contracts.Domiciles.DomicileParticulars.Of(applicant.Data!) is not { } now || !now.SameAs(domicile.Particulars))
            return CertificateData.Refused(RefusalCodes.DomicileNotRegistered);
        var register = await grains.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(domicile.MunicipalityCode, domicile.RegisterNumber))
            .PrepareForRegistrant(resident, domicile.Particulars);
        if (register.RefusalCode is { } registerRefusal) return CertificateData.Refused(registerRefusal);
        return new CertificateData(null, applicant with { FamilyRegister = register.FamilyRegister }, [applicant.Data!]);
    }
}
