using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Verification;
using CertOrleans.Pki.Verification;
using Microsoft.AspNetCore.Http.HttpResults;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Gateway.Apis;

public sealed record VerifyCodeBody(string VerificationCode, string Content);

/// <param name="Warning"><c>text-only</c>: a version-1 code, which signs the printed text alone, not its places or images.</param>
/// <param name="FiscalYear">A tax certificate's fiscal year as signed in its content (e.g. 令和7年度): given for a checked PDF only.</param>
public sealed record VerificationResponse(string Result, string? CertificateNumber, string? CertificateType, string? MunicipalityCode, DateTimeOffset? IssuedAt, int? KeyId, string? Warning,
    string? FiscalYear = null);

/// <summary>
/// Public verification: anyone holding a certificate (the PDF, or the QR code and the printed text) can
/// ask whether it is genuine. The server keeps no certificate content; it needs only the public keys.
/// </summary>
public static class VerificationApi
{
    public const long MaxPdfBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder app)
    {
        var verify = app.MapGroup("/verify/v1").WithTags("Verification").AllowAnonymous().RequireRateLimiting(Admission.RateLimits.PerAddress).RequireServedMunicipality()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        verify.MapGet("/keys/{municipalityCode}", GetKeysAsync).WithName("GetIssuingKeys")
            .WithSummary("The municipality's public issuing keys with their status, for offline verification.");
        verify.MapGet("/void-list/{municipalityCode}", GetVoidListAsync).WithName("GetVoidList")
            .WithSummary("The certificate numbers whose requests did not end printed, signed with the issuing key, for offline verification.");
        verify.MapPost("/codes", VerifyCodeAsync).WithName("VerifyCode")
            .WithSummary("Verify a scanned verification code against the certificate's printed text.");
        verify.MapPost("/documents", VerifyDocumentAsync).WithName("VerifyDocument")
            .WithSummary("Verify a certificate PDF (application/pdf body).")
            .Accepts<byte[]>("application/pdf").ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            // PDFs are larger than terminal JSON; this endpoint alone may send up to 4 MiB, set while routing so that
            // an upload refused before it is read (429) is drained and answered rather than cut off.
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxPdfBytes));
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<PublicIssuingKey>>, ProblemHttpResult>> GetKeysAsync(string municipalityCode, CertificateCheck check)
    {
        return TypedResults.Ok(await check.KeysAsync(municipalityCode));
    }

    public static async Task<Results<Ok<VoidList>, ProblemHttpResult>> GetVoidListAsync(string municipalityCode, IGrainFactory grains)
    {
        return TypedResults.Ok(await grains.GetGrain<ICertificateStandingGrain>(0).GetVoidList(municipalityCode));
    }

    public static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> VerifyCodeAsync(VerifyCodeBody body, CertificateCheck check)
    {
        if (string.IsNullOrWhiteSpace(body.VerificationCode) || body.Content is null)
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "verificationCode and content are required.");
        return TypedResults.Ok(Response(await check.CodeWithContentAsync(body.VerificationCode, body.Content)));
    }

    public static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> VerifyDocumentAsync(HttpContext context, CertificateCheck check)
    {
        if (context.Request.ContentType is not "application/pdf")
            return ProblemResults.For(GatewayErrorCodes.UnsupportedMediaType, "Send the certificate as application/pdf.");
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        CertificateReading reading;
        try
        {
            reading = PdfCertificateReader.Read(buffer.ToArray());
        }
        catch (InvalidDataException)
        {
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "The body is not a readable PDF.");
        }
        catch (PdfLimitExceededException beyond)
        {
            return ProblemResults.For(GatewayErrorCodes.PdfTooComplex, beyond.Message);
        }
        return TypedResults.Ok(Response(await check.PdfAsync(reading)));
    }

    private static VerificationResponse Response(CheckOutcome outcome) =>
        new(outcome.Result, outcome.Code?.CertificateNumber, outcome.Code?.CertificateType, outcome.Code?.MunicipalityCode, outcome.Code?.IssuedAt, outcome.Code?.KeyId, outcome.Warning,
            outcome.Fields.FirstOrDefault(f => f.Name == SignedContent.FiscalYearItem && !f.IsImage)?.Value);
}
