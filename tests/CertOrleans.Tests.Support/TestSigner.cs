using System.Security.Cryptography;
using CertOrleans.Rendering;
using CertOrleans.Pki.Verification;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Support;

/// <summary>An issuing key held by the test, standing in for the municipality's key grain.</summary>
public sealed class TestSigner
{
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public int KeyId { get; init; } = 1;
    public DateTimeOffset IssuedAt { get; } = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    public SignContent Sign(string certificateNumber, string type = "juminhyo", string municipality = "092011") => digest =>
    {
        var part = VerificationCode.SignedPart(certificateNumber, type, municipality, IssuedAt, KeyId, digest);
        var signature = Key.SignData(part, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return Task.FromResult(new VerificationCode(certificateNumber, type, municipality, IssuedAt, KeyId, digest, signature).ToString());
    };

    public PublicIssuingKey PublicKey(IssuingKeyStatus status = IssuingKeyStatus.Active, string municipality = "092011") =>
        new(municipality, KeyId, Key.ExportSubjectPublicKeyInfo(), status, IssuedAt);
}
