using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Languages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CertOrleans.Gateway.Problems;

/// <summary>
/// RFC 9457 problem details with a stable <c>code</c> member. The HTTP status of every code lives here and
/// nowhere else; their titles, in every kiosk language, are in <see cref="ProblemTitles"/> and <see cref="RefusalTexts"/>.
/// Details never carry personal data.
/// </summary>
public static class ProblemResults
{
    public const string TypeBase = "https://certorleans.example/problems/";

    private static readonly Dictionary<string, int> Statuses = new()
    {
        [GatewayErrorCodes.TerminalCertificateRequired] = 401,
        [GatewayErrorCodes.TerminalCertificateInvalid] = 401,
        [ErrorCodes.TerminalUnknown] = 403,
        [ErrorCodes.TerminalSuspended] = 403,
        [GatewayErrorCodes.MalformedRequest] = 400,
        [GatewayErrorCodes.InvalidField] = 400,
        [GatewayErrorCodes.RequestIdMalformed] = 400,
        [ErrorCodes.CardCertificateExpired] = 403,
        [ErrorCodes.CardCertificateUntrusted] = 403,
        [GatewayErrorCodes.UnsupportedMediaType] = 415,
        [GatewayErrorCodes.PayloadTooLarge] = 413,
        [GatewayErrorCodes.NotFound] = 404,
        [GatewayErrorCodes.MethodNotAllowed] = 405,
        [GatewayErrorCodes.ServiceUnavailable] = 503,
        [GatewayErrorCodes.InternalError] = 500,
        [GatewayErrorCodes.RateLimited] = 429,
        [GatewayErrorCodes.RequestUnknown] = 404,
        [GatewayErrorCodes.Overloaded] = 503,
        [GatewayErrorCodes.RequestTimeout] = 503,
        [GatewayErrorCodes.PdfTooComplex] = 422,
        [GatewayErrorCodes.WitnessMismatch] = 409,
        [GatewayErrorCodes.PurposeRequired] = 400,
        [ErrorCodes.RequestGone] = 410,
        [ErrorCodes.RequestExpired] = 410,
        [ErrorCodes.TerminalMismatch] = 403,
        [ErrorCodes.StepOutOfOrder] = 409,
        [ErrorCodes.ChallengeExpired] = 403,
        [ErrorCodes.ChallengeUsed] = 409,
        [ErrorCodes.SignatureInvalid] = 403,
        [ErrorCodes.CardUnknown] = 403,
        [ErrorCodes.CardRevoked] = 403,
        [ErrorCodes.CardStatusUnavailable] = 503,
        [ErrorCodes.CardHeldElsewhere] = 403,
        [ErrorCodes.CardCertificateInvalid] = 400,
        [ErrorCodes.ResidentUnknown] = 403,
        [ErrorCodes.MunicipalityNotServed] = 403,
        [ErrorCodes.CertificateTypeUnknown] = 422,
        [ErrorCodes.CopiesOutOfRange] = 422,
        [ErrorCodes.PaymentAmountMismatch] = 422,
        [ErrorCodes.CertificateNumberMismatch] = 409,
        [ErrorCodes.CertificateRefused] = 403,
        [ErrorCodes.ServiceClosed] = 403,
        [ErrorCodes.StoreUnavailable] = 503,
        [ErrorCodes.ServiceStopped] = 503,
        [ErrorCodes.MunicipalityMismatch] = 403,
        [ErrorCodes.InvalidConfiguration] = 422,
        [ErrorCodes.VersionConflict] = 409,
        [ErrorCodes.SwitchesChanged] = 409,
        [GatewayErrorCodes.AdminKeyRequired] = 401,
        [GatewayErrorCodes.RegistryKeyRequired] = 401,
        [Contracts.Keys.ScopedKeys.RevokedCode] = 401,
        [Contracts.Keys.ScopedKeys.UnknownCode] = 404,
        [GatewayErrorCodes.RecordRejected] = 422,
        [GatewayErrorCodes.OutOfScope] = 403,
        [ErrorCodes.IssuingKeyUnknown] = 404,
        [ErrorCodes.OptionNotAllowed] = 422,
        [ErrorCodes.FieldNotAccepted] = 422,
        [ErrorCodes.DocumentBindingFailed] = 500,
        [DomicileReasons.NoDomicile] = 409,
        [DomicileReasons.NotServed] = 403,
        [DomicileReasons.OwnMunicipality] = 409,
        [DomicileReasons.NoMatch] = 409,
        [DomicileReasons.NotPending] = 409,
        [DomicileReasons.Unknown] = 404,
    };

    /// <summary>The status of every problem code; its title is in <see cref="ProblemTitles"/> (refusals: <see cref="RefusalTexts"/>).</summary>
    public static IReadOnlyCollection<string> Codes => Statuses.Keys;

    /// <summary>The status and the English title (the admin APIs' language) of a code.</summary>
    public static (int Status, string Title) Describe(string code) => (StatusOf(code), Title(code, KioskLanguage.English));

    public static int StatusOf(string code) =>
        Statuses.TryGetValue(code, out var status) ? status
        // Refusals under the issuance rules: the kiosk shows the title, the code's own message.
        : RefusalTexts.IsRefusal(code) ? 403
        : 500;

    public static string Title(string code, KioskLanguage language) =>
        ProblemTitles.Titles.TryGetValue(code, out var title) ? title.In(language)
        : RefusalTexts.IsRefusal(code) ? RefusalTexts.For(code).In(language)
        : ProblemTitles.Titles[GatewayErrorCodes.InternalError].In(language);

    /// <summary>
    /// On the terminal API, the title (and a refusal's detail) in the kiosk's language. Other details are the
    /// operator's diagnostics and stay English; the stable code never changes.
    /// </summary>
    public static void Localize(ProblemDetails problem, KioskLanguage language)
    {
        if (problem.Extensions.TryGetValue("code", out var value) && value is string code)
        {
            problem.Title = Title(code, language);
            if (RefusalTexts.IsRefusal(code)) problem.Detail = RefusalTexts.Detail.In(language);
        }
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
