using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Requests;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Problems;

/// <summary>
/// RFC 9457 problem details with a stable <c>code</c> member. The HTTP status and title of every code
/// live here and nowhere else. Details never carry personal data.
/// </summary>
public static class ProblemResults
{
    public const string TypeBase = "https://certorleans.example/problems/";

    private static readonly Dictionary<string, (int Status, string Title)> Catalogue = new()
    {
        [GatewayErrorCodes.TerminalCertificateRequired] = (401, "A terminal client certificate is required"),
        [GatewayErrorCodes.TerminalCertificateInvalid] = (401, "The terminal certificate is not valid"),
        [ErrorCodes.TerminalUnknown] = (403, "The terminal is not registered"),
        [ErrorCodes.TerminalSuspended] = (403, "The terminal is suspended"),
        [GatewayErrorCodes.MalformedRequest] = (400, "The request body is not valid JSON for this operation"),
        [GatewayErrorCodes.InvalidField] = (400, "A field of the request is invalid"),
        [GatewayErrorCodes.RequestIdMalformed] = (400, "The request id is malformed"),
        [ErrorCodes.CardCertificateExpired] = (403, "The card certificate is outside its validity period"),
        [ErrorCodes.CardCertificateUntrusted] = (403, "The card certificate is not issued by the card authority"),
        [GatewayErrorCodes.UnsupportedMediaType] = (415, "The body must be application/json"),
        [GatewayErrorCodes.PayloadTooLarge] = (413, "The request body is too large"),
        [GatewayErrorCodes.NotFound] = (404, "No such resource"),
        [GatewayErrorCodes.MethodNotAllowed] = (405, "Method not allowed on this resource"),
        [GatewayErrorCodes.ServiceUnavailable] = (503, "The issuance service is unavailable; try again shortly"),
        [GatewayErrorCodes.InternalError] = (500, "Internal error"),
        [GatewayErrorCodes.RateLimited] = (429, "Too many requests; try again after Retry-After seconds"),
        [GatewayErrorCodes.RequestUnknown] = (404, "No such request for this terminal"),
        [GatewayErrorCodes.Overloaded] = (503, "The service is busy; new requests are refused for now, try again after Retry-After seconds"),
        [GatewayErrorCodes.RequestTimeout] = (503, "The request took too long and was abandoned; try again"),
        [GatewayErrorCodes.PdfTooComplex] = (422, "The PDF exceeds the limits of the check"),
        [GatewayErrorCodes.WitnessMismatch] = (409, "The witness cosignature does not match this chain"),
        [GatewayErrorCodes.PurposeRequired] = (400, "A read of personal data needs a stated purpose"),
        [ErrorCodes.RequestGone] = (410, "The request has ended or does not exist"),
        [ErrorCodes.RequestExpired] = (410, "The request timed out and was aborted"),
        [ErrorCodes.TerminalMismatch] = (403, "The request belongs to another terminal"),
        [ErrorCodes.StepOutOfOrder] = (409, "This step is not allowed now"),
        [ErrorCodes.ChallengeExpired] = (403, "The card challenge has expired"),
        [ErrorCodes.ChallengeUsed] = (409, "The card challenge has already been answered"),
        [ErrorCodes.SignatureInvalid] = (403, "The card signature is not valid"),
        [ErrorCodes.CardUnknown] = (403, "The card is not registered for this service"),
        [ErrorCodes.CardRevoked] = (403, "The card has been revoked"),
        [ErrorCodes.CardStatusUnavailable] = (503, "The card's revocation status cannot be checked just now; no card is accepted until it can"),
        [ErrorCodes.CardHeldElsewhere] = (403, "The card is linked to a resident of a municipality this key is not for"),
        [ErrorCodes.CardCertificateInvalid] = (400, "The card certificate cannot be read"),
        [ErrorCodes.ResidentUnknown] = (403, "No registry data for this card holder"),
        [ErrorCodes.MunicipalityNotServed] = (403, "The municipality is not served here"),
        [ErrorCodes.CertificateTypeUnknown] = (422, "Unknown certificate type"),
        [ErrorCodes.CopiesOutOfRange] = (422, "Number of copies out of range"),
        [ErrorCodes.PaymentAmountMismatch] = (422, "The payment does not match the fee"),
        [ErrorCodes.CertificateNumberMismatch] = (409, "The printed certificate number is not the issued one"),
        [ErrorCodes.CertificateRefused] = (403, "The certificate can no longer be issued"),
        [ErrorCodes.ServiceClosed] = (403, "The service is closed now"),
        [ErrorCodes.StoreUnavailable] = (503, "The issuance records cannot be written just now; try again shortly"),
        [ErrorCodes.ServiceStopped] = (503, "The service has been stopped by the operators"),
        [ErrorCodes.MunicipalityMismatch] = (403, "The card holder does not live in the chosen municipality"),
        [ErrorCodes.InvalidConfiguration] = (422, "The configuration is not valid"),
        [ErrorCodes.VersionConflict] = (409, "The configuration has changed since it was read"),
        [ErrorCodes.SwitchesChanged] = (409, "The stop switches have changed since they were read"),
        [GatewayErrorCodes.AdminKeyRequired] = (401, "An administrator key is required"),
        [GatewayErrorCodes.RegistryKeyRequired] = (401, "A registry system key is required"),
        [Contracts.Keys.ScopedKeys.RevokedCode] = (401, "This key has been revoked"),
        [Contracts.Keys.ScopedKeys.UnknownCode] = (404, "No minted key has this id"),
        [GatewayErrorCodes.RecordRejected] = (422, "The record was rejected"),
        [GatewayErrorCodes.OutOfScope] = (403, "This key is not for this municipality or this operation"),
        [ErrorCodes.IssuingKeyUnknown] = (404, "No such issuing key"),
        [ErrorCodes.OptionNotAllowed] = (422, "This option is not available for this certificate"),
        [ErrorCodes.FieldNotAccepted] = (422, "A field is not accepted"),
        [ErrorCodes.DocumentBindingFailed] = (500, "The document failed its binding check and was withheld"),
        [DomicileReasons.NoDomicile] = (409, "The card holder's 本籍 is in no other municipality that takes registrations here"),
        [DomicileReasons.NotServed] = (403, "The 本籍地 municipality does not take registrations here"),
        [DomicileReasons.OwnMunicipality] = (409, "The 本籍 is in the card holder's own municipality"),
        [DomicileReasons.NoMatch] = (409, "No register of the 本籍地 matches the applicant"),
        [DomicileReasons.NotPending] = (409, "The registration is not waiting for a decision"),
        [DomicileReasons.Unknown] = (404, "No registration for this resident"),
    };

    public static (int Status, string Title) Describe(string code)
    {
        if (Catalogue.TryGetValue(code, out var entry)) return entry;
        // Refusals under the issuance rules: the kiosk maps the code to its message.
        if (code.StartsWith("refused-", StringComparison.Ordinal))
            return (403, "This certificate cannot be issued at a store for this card holder");
        return (500, "Internal error");
    }

    /// <summary>The code for a bare status the framework produced (404 route, 405 method, …).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        400 => GatewayErrorCodes.MalformedRequest,
        401 => GatewayErrorCodes.TerminalCertificateRequired,
        404 => GatewayErrorCodes.NotFound,
        405 => GatewayErrorCodes.MethodNotAllowed,
        413 => GatewayErrorCodes.PayloadTooLarge,
        415 => GatewayErrorCodes.UnsupportedMediaType,
        _ => $"http-{status}",
    };

    /// <summary>The problem for a municipality code that is not a valid 全国地方公共団体コード, or null when it is.</summary>
    public static ProblemHttpResult? ForMunicipalityCode(string? code) =>
        Contracts.Residents.ResidentKey.IsValidMunicipalityCode(code) ? null
            : For(GatewayErrorCodes.InvalidField, "municipalityCode must be a 6-digit 全国地方公共団体コード.");

    public static ProblemHttpResult For(string code, string? detail = null, DateTimeOffset? nextOpening = null, string? notice = null)
    {
        var (status, title) = Describe(code);
        var problem = new ProblemDetails
        {
            Type = TypeBase + code,
            Title = title,
            Status = status,
            Detail = detail,
            Extensions = { ["code"] = code },
        };
        if (nextOpening is { } opening) problem.Extensions["nextOpening"] = opening;
        if (notice is not null) problem.Extensions["notice"] = notice;
        return TypedResults.Problem(problem);
    }

    public static Task WriteAsync(HttpContext context, string code, string? detail = null, DateTimeOffset? nextOpening = null, string? notice = null) =>
        For(code, detail, nextOpening, notice).ExecuteAsync(context);
}
