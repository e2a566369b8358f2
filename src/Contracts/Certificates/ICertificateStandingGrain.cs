namespace CertOrleans.Contracts.Certificates;

/// <summary>How the request that issued a certificate ended: what a verifier needs beyond a valid signature.</summary>
public enum CertificateStanding
{
    /// <summary>No request on record issued this number.</summary>
    Unknown,
    /// <summary>Its document was handed to the kiosk and the print is not confirmed yet.</summary>
    Pending,
    /// <summary>The kiosk confirmed it printed.</summary>
    Printed,
    /// <summary>Its request ended otherwise (print failed, expired, the silo lost it): the fee is refunded, the paper is void.</summary>
    Void,
}

/// <summary>The void list, asked one certificate number at a time. Stateless: any silo answers from the journal.</summary>
[Alias("certorleans.certificate-standing")]
public interface ICertificateStandingGrain : IGrainWithIntegerKey
{
    [Alias("standing"), ReadOnly]
    Task<CertificateStanding> GetStanding(string certificateNumber);

    /// <summary>The municipality's void list, signed with its active issuing key, for verifiers without a connection.</summary>
    [Alias("void-list"), ReadOnly]
    Task<VoidList> GetVoidList(string municipalityCode);
}
