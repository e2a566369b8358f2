using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// The card holder's 本籍地 city, when it is another city served here that takes registrations: their registration
/// there and, when this card may use it, that city's 戸籍 offers (its fees, hours and switches).
/// </summary>
public sealed record DomicileStanding(
    string MunicipalityCode, string MunicipalityName, DomicileParticulars Particulars, DomicileRegistration? Registration, IReadOnlyList<CertificateOffer> Offers)
{
    /// <summary>What the kiosk is told: where the registration stands for this card.</summary>
    public DomicileRegistrationView View(string cardKey) => new(MunicipalityCode, MunicipalityName, Registration switch
    {
        null => DomicileRegistrationView.NotRegistered,
        { Status: DomicileRegistrationStatus.Approved } r when r.CardKey != cardKey => DomicileRegistrationView.OtherCard,
        var r => r.StatusCode,
    });

    /// <summary>What an order of the 本籍地 city's certificate is bound to, when this card may make one.</summary>
    public DomicileIssue? IssueFor(string cardKey) =>
        Registration is { } r && r.UsableWith(cardKey) && Offers.Count > 0 ? new DomicileIssue(MunicipalityCode, r.RegisterNumber!, Particulars) : null;
}

/// <summary>An order of a 本籍地 city's certificate: the city, the register matched at registration, and whom it names.</summary>
public sealed record DomicileIssue(string MunicipalityCode, string RegisterNumber, DomicileParticulars Particulars);

public sealed class DomicileIssuance(IGrainFactory grains)
{
    /// <summary>Null when the holder's 本籍 is in their own city (or they have none), or no other city served here takes registrations for it.</summary>
    /// <param name="applicant">The holder as a 本籍地 applicant (<see cref="IResidentGrain.PrepareForDomicile"/>), when already read.</param>
    public async Task<DomicileStanding?> StandingAsync(ResidentKey holder, string cardKey, DateTimeOffset now, DateOnly today, CertificatePreparation? applicant = null)
    {
        applicant ??= await grains.GetGrain<IResidentGrain>(holder.GrainKey).PrepareForDomicile(today);
        if (applicant.Data is not { FamilyRegisterNumber: null } record || DomicileParticulars.Of(record) is not { } particulars) return null;
        if (await CityOfAsync(holder.MunicipalityCode, particulars.PermanentDomicile) is not var (code, name)) return null;

        var registrations = grains.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(holder));
        var registration = await registrations.Get();
        // A 転籍 (or a new 筆頭者) reaches the residence city's record: a registration that no longer matches it ends.
        if (registration is { Active: true } && (registration.DomicileCode != code || !registration.Particulars.SameAs(particulars)))
            registration = await EndAsync(registrations);
        IReadOnlyList<CertificateOffer> offers = [];
        if (registration is { } usable && usable.UsableWith(cardKey))
        {
            var match = await grains.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(code, usable.RegisterNumber!)).Match(particulars);
            // 除籍 or 転籍 seen from the 本籍地's side: the register no longer holds the person the registration matched.
            if (!match.MemberFound) registration = await EndAsync(registrations);
            else if (await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code)).GetMenu(now) is { } menu)
                offers = menu.Offers.Where(o => CertificateTypes.TryParse(o.Type, out var type) && type.IsFamilyRegister())
                    .Select(o => o with { MunicipalityCode = code }).ToList();
        }
        return new DomicileStanding(code, name, particulars, registration, offers);
    }

    private static async Task<DomicileRegistration?> EndAsync(IDomicileRegistrationGrain registrations)
    {
        await registrations.End(DomicileReasons.Transferred, "registry");
        return await registrations.Get();
    }

    /// <summary>The served city, other than the residence city and taking registrations, whose name the 本籍 starts with: one call to the index.</summary>
    private async Task<(string Code, string Name)?> CityOfAsync(string residence, string permanentDomicile) =>
        await grains.GetGrain<IDomicileCityIndexGrain>(DomicileCityIndexKeys.Key).CityOf(residence, permanentDomicile) is { } city
            ? (city.MunicipalityCode, city.Name)
            : null;
}
