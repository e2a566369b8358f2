using CertOrleans.Contracts.Certificates;

namespace CertOrleans.Contracts.Residents;

/// <summary>One resident's cached certificate data, keyed by <see cref="ResidentKey.GrainKey"/>.</summary>
[Alias("certorleans.resident")]
public interface IResidentGrain : IGrainWithStringKey
{
    /// <summary>Applies a registry record; an older or equal <see cref="ResidentRecord.SourceVersion"/> never overwrites.</summary>
    [Alias("apply")]
    Task<ApplyOutcome> Apply(ResidentRecord record);

    /// <summary>
    /// Checks the issuance rules and, only if they pass, returns the data for the certificate, in one turn
    /// so no change from the registry can slip between the check and the read.
    /// </summary>
    [Alias("prepare")]
    Task<CertificatePreparation> Prepare(CertificateType type, DateOnly issueDate);

    [Alias("exists")]
    Task<bool> Exists();
}

[GenerateSerializer, Alias("certorleans.certificate-preparation")]
public sealed record CertificatePreparation(
    [property: Id(0)] string? RefusalCode,
    [property: Id(1)] ResidentRecord? Data)
{
    public static CertificatePreparation Refused(string code) => new(code, null);
    public static CertificatePreparation Allowed(ResidentRecord data) => new(null, data);
}
