using CertOrleans.Contracts.Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using CertOrleans.Pki.Verification;
using CertOrleans.Documents.Certificates;

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

    /// <summary>A void list as published at /verify/v1/void-list/{municipality}; its signature is checked against the keys.</summary>
    public static VoidList ReadVoidList(string json, IReadOnlyList<PublicIssuingKey> keys)
    {
        VoidList? list;
        try
        {
            list = JsonSerializer.Deserialize<VoidList>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The void list file is not a published void list: {ex.Message}");
        }
        if (list is null || !CertificateVerifier.IsAuthentic(list, keys))
            throw new InvalidDataException("The void list is not signed by a published, unrevoked key of its municipality: it was altered, or the keys file is not that municipality's.");
        return list;
    }

    public static (string Result, int ExitCode) Verify(CertificateReading reading, IReadOnlyList<PublicIssuingKey> keys, VoidList? voidList = null)
    {
        if (reading.VerificationCode is not { } code) return ("malformed: the PDF carries no verification code", 2);
        var result = CertificateVerifier.Verify(reading, keys);
        if (result == VerificationResult.Genuine && voidList is not null && VerificationCode.TryParse(code, out var issued)
            && voidList.MunicipalityCode == issued.MunicipalityCode && voidList.CertificateNumbers.Contains(issued.CertificateNumber))
            return ($"void: its request did not end printed (void list as of {voidList.AsOf:u}); the paper is not a certificate ({issued.CertificateNumber})", 7);
        var summary = VerificationCode.TryParse(code, out var parsed)
            ? $" ({parsed.CertificateNumber}, {parsed.CertificateType}, municipality {parsed.MunicipalityCode}, issued {parsed.IssuedAt:u}, key {parsed.KeyId})"
            : "";
        return result switch
        {
            VerificationResult.Genuine => ("genuine" + summary, 0),
            VerificationResult.Altered => ("altered: the content or the code differs from what was issued" + (reading.PageMismatch is { } where && reading.SignedContent is not null && reading.PageCount > 0 ? $" ({where})" : "") + summary, 4),
            VerificationResult.UnknownKey => ("unknown key: no published key matches" + summary, 5),
            VerificationResult.RevokedKey => ("revoked key: the issuing key was revoked; do not trust this certificate" + summary, 6),
            _ => ("malformed: not a CertOrleans verification code", 2),
        };
    }
}
