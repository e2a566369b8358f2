using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Pki.Verification;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Gateway.Verification;

/// <summary>One field a verified certificate signs, for a reader to compare with the paper line by line.</summary>
public sealed record SignedField(string Name, string Value, bool IsImage);

/// <summary>
/// What a check found: the result (genuine, altered, void, pending, unknown-key, revoked-key, malformed), what the
/// code says about the certificate, whether the content itself was checked (a PDF) or only the code, and the signed
/// fields of a genuine version-2 PDF.
/// </summary>
public sealed record CheckOutcome(string Result, VerificationCode? Code, bool ContentChecked, IReadOnlyList<SignedField> Fields)
{
    /// <summary>
    /// <c>text-only</c> for a version-1 code: it signs the printed text alone, not where each item stands nor the
    /// images, so a genuine answer says less than a version-2 one and the reader is told so.
    /// </summary>
    public string? Warning => Code?.Version == VerificationCode.Version1 ? "text-only" : null;
}

/// <summary>
/// Checks certificates for the public API and the verification page alike. Nothing the reader sends is stored
/// or logged: the PDF and the code live in memory for the length of the call.
/// </summary>
public sealed class CertificateCheck(IGrainFactory grains)
{
    /// <summary>A PDF: its code, its signed content and its pages.</summary>
    public async Task<CheckOutcome> PdfAsync(CertificateReading reading)
    {
        if (!VerificationCode.TryParse(reading.VerificationCode, out var code) || !ResidentKey.IsValidMunicipalityCode(code.MunicipalityCode))
            return new CheckOutcome("malformed", null, true, []);
        var result = await StandingAsync(code, CertificateVerifier.Verify(reading, await KeysAsync(code.MunicipalityCode)));
        var fields = result is "genuine" or "void" or "pending" && reading.SignedContent is { } content && SignedContent.TryDecode(content, out var items)
            ? items.Where(i => i.Name != "label").Select(i => new SignedField(i.Name, i.Value, i.IsImage)).ToList()
            : [];
        return new CheckOutcome(result, code, true, fields);
    }

    /// <summary>A code and the content it signs (the API's check by code).</summary>
    public async Task<CheckOutcome> CodeWithContentAsync(string verificationCode, string content)
    {
        if (!VerificationCode.TryParse(verificationCode, out var code) || !ResidentKey.IsValidMunicipalityCode(code.MunicipalityCode))
            return new CheckOutcome("malformed", null, true, []);
        return new CheckOutcome(await StandingAsync(code, CertificateVerifier.Verify(verificationCode, content, await KeysAsync(code.MunicipalityCode))), code, true, []);
    }

    /// <summary>
    /// A code alone, as typed or scanned from paper: whether the municipality signed it, for this certificate
    /// number, and how its request ended. The paper's text is not seen, so the reader compares it themselves.
    /// </summary>
    public async Task<CheckOutcome> CodeOnlyAsync(string verificationCode, string certificateNumber)
    {
        if (!VerificationCode.TryParse(verificationCode, out var code) || !ResidentKey.IsValidMunicipalityCode(code.MunicipalityCode))
            return new CheckOutcome("malformed", null, false, []);
        var signature = CertificateVerifier.VerifySignature(code, await KeysAsync(code.MunicipalityCode));
        if (signature == VerificationResult.Genuine && !string.Equals(code.CertificateNumber, certificateNumber.Trim(), StringComparison.Ordinal))
            signature = VerificationResult.Altered;
        return new CheckOutcome(await StandingAsync(code, signature), code, false, []);
    }

    /// <summary>A genuine signature on a certificate whose request did not end printed is void (or pending, moments after issue).</summary>
    private async Task<string> StandingAsync(VerificationCode code, VerificationResult result)
    {
        var name = ResultName(result);
        if (name != "genuine") return name;
        return await grains.GetGrain<ICertificateStandingGrain>(0).GetStanding(code.CertificateNumber) switch
        {
            CertificateStanding.Void => "void",
            CertificateStanding.Pending => "pending",
            _ => name,
        };
    }

    public async Task<IReadOnlyList<PublicIssuingKey>> KeysAsync(string municipalityCode) =>
        (await grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(municipalityCode)).GetPublicKeys())
            .Select(k => new PublicIssuingKey(municipalityCode, k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt))
            .ToList();

    private static string ResultName(VerificationResult result) => result switch
    {
        VerificationResult.Genuine => "genuine",
        VerificationResult.Altered => "altered",
        VerificationResult.UnknownKey => "unknown-key",
        VerificationResult.RevokedKey => "revoked-key",
        _ => "malformed",
    };
}
