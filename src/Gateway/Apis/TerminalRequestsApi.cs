using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>
/// The store terminal API, version 1. Each request is one <see cref="IIssuanceRequestGrain"/>; the gateway
/// keeps no state of its own between calls, so any gateway instance can serve any call.
/// </summary>
public static partial class TerminalRequestsApi
{
    public const string PdfHeaderCertificateNumber = "X-Certificate-Number";
    public const string PdfHeaderPageCount = "X-Page-Count";
    public const string PdfHeaderSha256 = "X-Content-SHA256";

    public static RouteGroupBuilder MapTerminalRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/terminal/v1/requests")
            .RequireActiveTerminal()
            .WithTags("Terminal");

        api.MapPost("/", StartAsync).WithName("StartRequest")
            .WithSummary("Start a request with the card certificate; answers a single-use challenge for the card to sign.");
        api.MapGet("/{requestId}", GetStatusAsync).WithName("GetRequestStatus");
        api.MapPost("/{requestId}/authentication", AuthenticateAsync).WithName("AuthenticateCard")
            .WithSummary("Answer the challenge with the card's signature; answers the municipality's menu.");
        api.MapPost("/{requestId}/order", OrderAsync).WithName("PlaceOrder");
        api.MapPost("/{requestId}/payment", PayAsync).WithName("RecordPayment");
        api.MapGet("/{requestId}/history", GetHistoryAsync).WithName("GetIssuanceHistory")
            .WithSummary("After authentication: the card holder's own issuances of the last 12 months, newest first.");
        api.MapGet("/{requestId}/document", GetDocumentAsync).WithName("GetDocument")
            .WithSummary("The certificate PDF. Headers carry its certificate number, page count and SHA-256.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        api.MapPost("/{requestId}/print-confirmation", ConfirmPrintAsync).WithName("ConfirmPrint");
        api.MapDelete("/{requestId}", CancelAsync).WithName("CancelRequest");
        // The floor for benchmarks and a terminal's connectivity check: the same TLS and terminal authentication, no work.
        app.MapGet("/terminal/v1/ping", () => TypedResults.NoContent()).RequireActiveTerminal().WithTags("Terminal").WithName("Ping");
        return api;
    }

    public static async Task<Results<Created<StartRequestResponse>, ProblemHttpResult>> StartAsync(
        StartRequestBody body, HttpContext context, IGrainFactory grains)
    {
        if (ProblemResults.ForMunicipalityCode(body.MunicipalityCode) is { } invalid) return invalid;
        if (!TryBase64(body.CardCertificate, out var der))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "cardCertificate must be the card certificate in base64 (DER).");
        // Hours, the card's chain and its status are the request grain's to check.

        var requestId = NewRequestId();
        var issued = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Start(new StartRequest(context.TerminalId(), body.MunicipalityCode, der));
        return TypedResults.Created($"/terminal/v1/requests/{requestId}",
            new StartRequestResponse(requestId, Convert.ToBase64String(issued.Challenge), issued.ExpiresAt));
    }

    public static async Task<Results<Ok<RequestStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        string requestId, HttpContext context, IGrainFactory grains)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        var status = await grains.GetGrain<IIssuanceRequestGrain>(requestId).GetStatus(context.TerminalId());
        return TypedResults.Ok(new RequestStatusResponse(status.Stage.ToString(), status.ExpiresAt));
    }

    public static async Task<Results<Ok<AuthenticationResponse>, ProblemHttpResult>> AuthenticateAsync(
        string requestId, AuthenticationBody body, HttpContext context, IGrainFactory grains)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        if (!TryBase64(body.Signature, out var signature))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "signature must be base64.");
        var session = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Authenticate(context.TerminalId(), signature);
        return TypedResults.Ok(new AuthenticationResponse(session.MunicipalityCode, session.MunicipalityName,
            session.Offers.Select(OfferResponse.From).ToList(),
            (session.HouseholdMembers ?? []).Select(m => new HouseholdMemberResponse(m.MemberId, m.Name)).ToList()));
    }

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> OrderAsync(
        string requestId, OrderBody body, HttpContext context, IGrainFactory grains)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        if (string.IsNullOrWhiteSpace(body.CertificateType))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "certificateType is required.");
        var accepted = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Order(context.TerminalId(), new PlaceOrder(body.CertificateType, body.Copies,
            body.Options is { } o ? new CertificateOptions(o.WholeHousehold, o.IncludeHouseholdHead, o.IncludePermanentDomicile, o.IncludeMyNumber, o.SelectedMembers) : null));
        return TypedResults.Ok(new OrderResponse(accepted.CertificateType, accepted.Copies, accepted.Fee));
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> PayAsync(
        string requestId, PaymentBody body, HttpContext context, IGrainFactory grains)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        if (string.IsNullOrWhiteSpace(body.PaymentReference) || body.PaymentReference.Length > 64)
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "paymentReference is required (at most 64 characters).");
        var paid = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Pay(context.TerminalId(), new RecordPayment(body.Amount, body.PaymentReference));
        return TypedResults.Ok(new PaymentResponse(paid.Amount, RequestStage.Paid.ToString()));
    }

    public static async Task<Results<Ok<IReadOnlyList<IssuanceHistoryResponse>>, ProblemHttpResult>> GetHistoryAsync(
        string requestId, HttpContext context, IGrainFactory grains)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        var history = await grains.GetGrain<IIssuanceRequestGrain>(requestId).GetHistory(context.TerminalId());
        // What a person obtained is theirs alone: no intermediary may keep it.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok<IReadOnlyList<IssuanceHistoryResponse>>(history
            .Select(h => new IssuanceHistoryResponse(h.EndedAt, h.CertificateType,
                Contracts.Certificates.CertificateTypes.TryParse(h.CertificateType, out var type) ? Contracts.Certificates.CertificateTypes.JapaneseName(type) : null, h.StoreOperator, h.CertificateNumber, h.Outcome)).ToList());
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDocumentAsync(
        string requestId, HttpContext context, IGrainFactory grains)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        var document = await grains.GetGrain<IIssuanceRequestGrain>(requestId).GetDocument(context.TerminalId());
        context.Response.Headers[PdfHeaderCertificateNumber] = document.CertificateNumber;
        context.Response.Headers[PdfHeaderPageCount] = document.PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[PdfHeaderSha256] = document.Sha256;
        // The certificate is personal data: no intermediary may keep it.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(document.Pdf, "application/pdf", $"{document.CertificateNumber}.pdf");
    }

    public static async Task<Results<Ok<RequestEndedResponse>, ProblemHttpResult>> ConfirmPrintAsync(
        string requestId, PrintConfirmationBody body, HttpContext context, IGrainFactory grains, Telemetry.TerminalMetrics metrics)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        if (string.IsNullOrWhiteSpace(body.CertificateNumber))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "certificateNumber is required.");
        var ended = await grains.GetGrain<IIssuanceRequestGrain>(requestId).ConfirmPrint(context.TerminalId(), new PrintReport(body.Printed, body.CertificateNumber, body.FailureReason));
        metrics.Ended(ended.Outcome.ToString());
        return TypedResults.Ok(new RequestEndedResponse(ended.Outcome.ToString()));
    }

    public static async Task<Results<Ok<RequestEndedResponse>, ProblemHttpResult>> CancelAsync(
        string requestId, HttpContext context, IGrainFactory grains, Telemetry.TerminalMetrics metrics)
    {
        if (!IsRequestId(requestId)) return ProblemResults.For(GatewayErrorCodes.RequestIdMalformed);
        var ended = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Cancel(context.TerminalId());
        metrics.Ended(ended.Outcome.ToString());
        return TypedResults.Ok(new RequestEndedResponse(ended.Outcome.ToString()));
    }

    /// <summary>128 random bits: the id is unguessable, and a request is reachable only through it.</summary>
    private static string NewRequestId() => "q-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static bool IsRequestId(string id) => RequestIdPattern().IsMatch(id);

    private static bool TryBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            bytes = Convert.FromBase64String(text);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^q-[0-9a-f]{32}$")]
    private static partial Regex RequestIdPattern();
}
