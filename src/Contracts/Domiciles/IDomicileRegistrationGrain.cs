using CertOrleans.Contracts.Keys;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Contracts.Domiciles;

/// <summary>
/// One resident's registration for 本籍地 issuance, keyed by <see cref="DomicileRegistrationKeys"/> (sealed with their
/// residence city's data key). Asked by the request grain at a kiosk, decided by the 本籍地 city's staff or policy.
/// </summary>
[Alias("certorleans.domicile-registration")]
public interface IDomicileRegistrationGrain : IGrainWithStringKey, Protection.ISealedStateGrain
{
    /// <summary>
    /// Registers (again) with <paramref name="cardKey"/> for the 本籍地 city <paramref name="domicileCode"/>; a registration
    /// still standing for the same card, city and particulars is answered as it is. Returns where it stands now.
    /// </summary>
    [Alias("apply")]
    Task<DomicileRegistration> Apply(string cardKey, string domicileCode, DomicileParticulars particulars);

    [Alias("get"), ReadOnly]
    Task<DomicileRegistration?> Get();

    /// <summary>
    /// The 本籍地 city's decision on a pending registration (approval checks the match first). Only the city the
    /// decision names may decide, checked here with the act: a registration moved to another city meanwhile is unknown to it.
    /// </summary>
    [Alias("decide")]
    Task<DomicileRegistration> Decide(DomicileDecision decision);

    /// <summary>Ends a standing registration (転籍, a revoked card, staff); false when there was none.</summary>
    /// <param name="cardKey">When given, only a registration made with this card ends (the card was revoked).</param>
    /// <param name="domicileCode">When given, only a registration with this 本籍地 city ends (its staff end it).</param>
    [Alias("end")]
    Task<bool> End(string reason, string actor, string? cardKey = null, string? domicileCode = null);

    /// <summary>Deletes everything held, with the resident's own data (retention, the registry's deletion).</summary>
    [Alias("forget")]
    Task Forget();
}

/// <param name="DomicileCode">The 本籍地 city deciding: its staff decide its registrations only.</param>
/// <param name="RegisterNumber">The register staff matched by hand; null to use the one the register lookup finds.</param>
[GenerateSerializer, Immutable, Alias("certorleans.domicile-decision")]
public sealed record DomicileDecision(
    [property: Id(0)] bool Approve,
    [property: Id(1)] string Actor,
    [property: Id(3)] string DomicileCode,
    [property: Id(2)] string? RegisterNumber = null);

public static class DomicileRegistrationKeys
{
    private const char Prefix = 'd';

    /// <summary><c>d{residence code}-{resident number}</c>: one registration per resident.</summary>
    public static string For(ResidentKey applicant) => $"{Prefix}{applicant.MunicipalityCode}-{applicant.ResidentNumber}";

    public static ResidentKey Parse(string grainKey) =>
        grainKey is [Prefix, .. var rest] && ResidentKey.TryParseGrainKey("r" + rest, out var key)
            ? key
            : throw new FormatException($"'{grainKey}' is not a domicile registration grain key.");
}

/// <summary>A 本籍地 city's queue of registrations waiting for staff, keyed <c>w{code}</c>: resident keys only.</summary>
[Alias("certorleans.domicile-queue")]
public interface IDomicileQueueGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task Add(ResidentKey applicant);

    [Alias("remove")]
    Task Remove(ResidentKey applicant);

    [Alias("pending"), ReadOnly]
    Task<IReadOnlyList<ResidentKey>> Pending();
}

public static class DomicileQueueKeys
{
    public static string For(string domicileCode) => $"w{domicileCode}";
}

/// <summary>
/// Which registers of one city have one 本籍 and 筆頭者, keyed <c>l{code}-{keyed digest}</c> (the digest is keyed
/// with a secret of the city, so the key tells nothing of the address or the name). Kept by the family register
/// grains as the registry feeds them; every hit is checked against the register itself.
/// </summary>
[Alias("certorleans.family-register-lookup")]
public interface IFamilyRegisterLookupGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task Add(string registerNumber);

    [Alias("remove")]
    Task Remove(string registerNumber);

    [Alias("get"), ReadOnly]
    Task<IReadOnlyList<string>> Get();
}

public static class FamilyRegisterLookupKeys
{
    public static string For(string municipalityCode, string digest) => MunicipalScopedKey.For('l', municipalityCode, digest);
}
