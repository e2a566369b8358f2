using CertOrleans.Contracts.Keys;
namespace CertOrleans.Contracts.Residents;

/// <summary>
/// Who belongs to one household (世帯), keyed <c>h{municipality}-{household number}</c>. Kept up to date by
/// the resident grains as registry records move people between households.
/// </summary>
[Alias("certorleans.household")]
public interface IHouseholdGrain : IGrainWithStringKey, Protection.ISealedStateGrain
{
    [Alias("join")]
    Task Join(ResidentKey member);

    [Alias("leave")]
    Task Leave(ResidentKey member);

    [Alias("members"), ReadOnly]
    Task<IReadOnlyList<ResidentKey>> GetMembers();
}

public static class HouseholdKeys
{
    private const char Prefix = 'h';

    public static string For(string municipalityCode, string householdNumber) => MunicipalScopedKey.For(Prefix, municipalityCode, householdNumber);

    public static (string MunicipalityCode, string HouseholdNumber) Parse(string grainKey) => MunicipalScopedKey.Parse(Prefix, grainKey);
}
