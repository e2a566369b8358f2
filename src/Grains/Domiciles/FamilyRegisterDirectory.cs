using System.Security.Cryptography;
using System.Text;
using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Residents;
using CertOrleans.Storage.Protection;

namespace CertOrleans.Grains.Domiciles;

/// <summary>
/// Finds a city's 戸籍 by 本籍 and 筆頭者, as a registration for 本籍地 issuance names them. The lookup grains are
/// keyed by an HMAC of the two under the city's lookup secret, so neither grain keys nor logs carry an address or a name.
/// </summary>
public sealed class FamilyRegisterDirectory(DataKeyStore keys, IGrainFactory grains)
{
    public async Task<IFamilyRegisterLookupGrain> LookupAsync(string municipalityCode, string permanentDomicile, string headName)
    {
        var secret = await keys.LookupSecretAsync(municipalityCode);
        var text = Encoding.UTF8.GetBytes(DomicileParticulars.RegisterName(permanentDomicile, headName));
        // 80 bits: a grain key stays within a local number's 20 characters; a rare collision only adds a candidate, checked against the register.
        var digest = Convert.ToHexString(HMACSHA256.HashData(secret, text), 0, 10);
        return grains.GetGrain<IFamilyRegisterLookupGrain>(FamilyRegisterLookupKeys.For(municipalityCode, digest));
    }

    public async Task<IReadOnlyList<string>> FindAsync(string municipalityCode, string permanentDomicile, string headName) =>
        await (await LookupAsync(municipalityCode, permanentDomicile, headName)).Get();

    public async Task AddAsync(FamilyRegisterRecord register) =>
        await (await LookupAsync(register.MunicipalityCode, register.PermanentDomicile, register.HeadName)).Add(register.RegisterNumber);

    public async Task RemoveAsync(FamilyRegisterRecord register) =>
        await (await LookupAsync(register.MunicipalityCode, register.PermanentDomicile, register.HeadName)).Remove(register.RegisterNumber);
}
