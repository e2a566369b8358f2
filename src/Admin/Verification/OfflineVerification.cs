using CertOrleans.Contracts.Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Admin.Verification;

/// <summary>Verification without the server: a certificate and the municipality's published public keys suffice.</summary>
public static class OfflineVerification
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static IReadOnlyList<PublicIssuingKey> ReadKeys(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<PublicIssuingKey>>(json, Json) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The keys file is not a published key list: {ex.Message}");
        }
    }

    public static (string Result, int ExitCode) Verify(string? code, string content, IReadOnlyList<PublicIssuingKey> keys)
    {
        if (code is null) return ("malformed: the PDF carries no verification code", 2);
        var result = CertificateVerifier.Verify(code, content, keys);
        var summary = VerificationCode.TryParse(code, out var parsed)
            ? $" ({parsed.CertificateNumber}, {parsed.CertificateType}, municipality {parsed.MunicipalityCode}, issued {parsed.IssuedAt:u}, key {parsed.KeyId})"
            : "";
        return result switch
        {
            VerificationResult.Genuine => ("genuine" + summary, 0),
            VerificationResult.Altered => ("altered: the content or the code differs from what was issued" + summary, 4),
            VerificationResult.UnknownKey => ("unknown key: no published key matches" + summary, 5),
            VerificationResult.RevokedKey => ("revoked key: the issuing key was revoked; do not trust this certificate" + summary, 6),
            _ => ("malformed: not a CertOrleans verification code", 2),
        };
    }
}
