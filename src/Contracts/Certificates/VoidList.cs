using System.Globalization;
using System.Text;

namespace CertOrleans.Contracts.Certificates;

/// <summary>
/// A municipality's void list, signed with its issuing key: the certificate numbers whose requests did not end
/// printed (the print failed, or the request expired or was lost), as of a moment. An offline verifier that holds
/// it can say "void" for a validly signed certificate on that list. The signed bytes start with their own
/// label, so a void-list signature can never be taken for a certificate's verification code, nor the reverse.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.void-list")]
public sealed record VoidList(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] int KeyId,
    [property: Id(3)] IReadOnlyList<string> CertificateNumbers,
    [property: Id(4)] string Signature)
{
    public const string Label = "CertOrleans void list v1";

    public static byte[] SignedBytes(string municipalityCode, DateTimeOffset asOf, int keyId, IEnumerable<string> certificateNumbers) =>
        Encoding.UTF8.GetBytes(string.Join('\n', [Label, municipalityCode, asOf.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            keyId.ToString(CultureInfo.InvariantCulture), .. certificateNumbers]));

    public byte[] SignedBytes() => SignedBytes(MunicipalityCode, AsOf, KeyId, CertificateNumbers);
}
