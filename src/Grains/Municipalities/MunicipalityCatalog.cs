using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using Microsoft.Extensions.Options;

namespace CertOrleans.Grains.Municipalities;

/// <summary>One municipality served by this issuance server, from configuration section <c>Municipalities:{code}</c>.</summary>
public sealed class MunicipalitySettings
{
    public string Name { get; set; } = "";
    public string Prefecture { get; set; } = "";
    /// <summary>The issuer line printed above the seal, e.g. 宇都宮市長.</summary>
    public string MayorTitle { get; set; } = "";
    public string MayorName { get; set; } = "";
    /// <summary>Fee in yen per certificate type code; a type without a fee is not offered.</summary>
    public Dictionary<string, int> Fees { get; set; } = [];
}

public sealed class MunicipalityCatalogOptions
{
    public const string Section = "Municipalities";

    public Dictionary<string, MunicipalitySettings> Municipalities { get; set; } = [];
}

/// <summary>The municipalities this server issues for, their names and their fees.</summary>
public sealed class MunicipalityCatalog(IOptions<MunicipalityCatalogOptions> options)
{
    public MunicipalitySettings? Find(string code) => options.Value.Municipalities.GetValueOrDefault(code);

    public IReadOnlyList<CertificateOffer> OffersOf(MunicipalitySettings municipality) =>
        CertificateTypes.All
            .Where(t => municipality.Fees.ContainsKey(t.Code()))
            .Select(t => new CertificateOffer(t.Code(), t.JapaneseName(), municipality.Fees[t.Code()]))
            .ToList();
}
