using CertOrleans.Contracts.Requests;
using CertOrleans.Gateway.Admission;
using CertOrleans.Gateway.ApiDocument;
using CertOrleans.Gateway.Languages;
using CertOrleans.Gateway.Problems;
using CertOrleans.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertOrleans.Gateway.Apis;

/// <summary>
/// The store terminal API, version 1. Each request is one <see cref="IIssuanceRequestGrain"/>; the gateway
/// keeps no state of its own between calls, so any gateway instance can serve any call.
/// </summary>
public static class TerminalRequestsApi
{
    public const string PdfHeaderCertificateNumber = "X-Certificate-Number";
    public const string PdfHeaderPageCount = "X-Page-Count";
    public const string PdfHeaderSha256 = "X-Content-SHA256";

    public static RouteGroupBuilder MapTerminalRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/terminal/v1/requests")
            .AdmitRequests()
            // Registered and not suspended: asked by the request grain itself at every step, in the step's one call.
            .RequireAuthorization(TerminalAuthentication.Policy)
            .RequireRateLimiting(RateLimits.PerTerminal)
            .WithTags("Terminal")
            // Every step can come out of order or after the request ended.
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);

        api.MapPost("/", StartAsync).WithName("StartRequest")
            .WithSummary("Start a request with the card certificate; answers a single-use challenge for the card to sign.");
        api.MapGet("/{requestId}", GetStatusAsync).WithName("GetRequestStatus")
            .WithSummary("The request's stage and when it expires.");
        api.MapPost("/{requestId}/authentication", AuthenticateAsync).WithName("AuthenticateCard")
            .WithSummary("Answer the challenge with the card's signature; answers the municipality's menu.");
        api.MapPost("/{requestId}/domicile-registration", RegisterDomicileAsync).WithName("RegisterDomicile")
            .WithSummary("After authentication: register the card holder for their 本籍地 city's 戸籍 certificates (利用登録); answers the menu again.");
        api.MapPost("/{requestId}/order", OrderAsync).WithName("PlaceOrder")
            .WithSummary("After authentication: order a certificate from the menu; answers the fee to collect.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/{requestId}/payment", PayAsync).WithName("RecordPayment")
            .WithSummary("Record the store's payment of the ordered fee; the document can then be fetched.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{requestId}/history", GetHistoryAsync).WithName("GetIssuanceHistory")
            .WithSummary("After authentication: the card holder's own issuances of the last 12 months, newest first.");
        api.MapGet("/{requestId}/document", GetDocumentAsync).WithName("GetDocument")
            .WithSummary("The certificate PDF. Headers carry its certificate number, page count and SHA-256.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .WithResponseHeaders(StatusCodes.Status200OK, (PdfHeaderCertificateNumber, "The certificate number printed on it."), (PdfHeaderPageCount, "Its pages."),
                (PdfHeaderSha256, "The PDF's SHA-256 (hex): print only what arrived whole."));
        api.MapPost("/{requestId}/print-confirmation", ConfirmPrintAsync).WithName("ConfirmPrint")
            .WithSummary("Confirm the print (or report its failure) with the terminal's deletion statement; ends the request.");
        api.MapDelete("/{requestId}", CancelAsync).WithName("CancelRequest")
            .WithSummary("Cancel the request (the resident left, or a step was refused); ends it.");
        // The floor for benchmarks and a terminal's connectivity check: the same TLS and terminal authentication, no work.
        app.MapGet("/terminal/v1/ping", () => TypedResults.NoContent()).RequireActiveTerminal().RequireRateLimiting(RateLimits.PerTerminal).WithTags("Terminal").WithName("Ping")
            .WithSummary("Connectivity check: the same mutual TLS and terminal check as every step, and no work.");
        return api;
    }

    public static async Task<Results<Created<StartRequestResponse>, ProblemHttpResult>> StartAsync(
        StartRequestBody body, HttpContext context, IGrainFactory grains, RequestIds ids)
    {
        if (ProblemResults.ForMunicipalityCode(body.MunicipalityCode) is { } invalid) return invalid;
        if (!TryBase64(body.CardCertificate, out var der))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "cardCertificate must be the card certificate in base64 (DER).");
        // Admitted by AdmitRequests (new work is what is shed under overload); the place becomes this request's once it has started.
        var slot = context.Features.Get<FlowAdmission.Slot>() ?? throw new InvalidOperationException("A start reached its handler without AdmitRequests.");
        // Hours, the card's chain and its status are the request grain's to check.
        var requestId = ids.New(context.TerminalId());
        var issued = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Start(new StartRequest(context.TerminalId(), body.MunicipalityCode, der));
        slot.Bind(requestId);
        return TypedResults.Created($"/terminal/v1/requests/{requestId}",
            new StartRequestResponse(requestId, Convert.ToBase64String(issued.Challenge), issued.ExpiresAt));
    }

    public static async Task<Results<Ok<RequestStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        string requestId, HttpContext context, IGrainFactory grains)
    {
        var status = await grains.GetGrain<IIssuanceRequestGrain>(requestId).GetStatus(context.TerminalId());
        return TypedResults.Ok(new RequestStatusResponse(status.Stage.ToString(), status.ExpiresAt));
    }

    public static async Task<Results<Ok<AuthenticationResponse>, ProblemHttpResult>> AuthenticateAsync(
        string requestId, AuthenticationBody body, HttpContext context, IGrainFactory grains)
    {
        if (!TryBase64(body.Signature, out var signature))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "signature must be base64.");
        var session = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Authenticate(context.TerminalId(), signature);
        // The answer names the household's members: no intermediary may keep it.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(AuthenticationResponse.From(session, context.AnswerLanguage()));
    }

    public static async Task<Results<Ok<AuthenticationResponse>, ProblemHttpResult>> RegisterDomicileAsync(
        string requestId, HttpContext context, IGrainFactory grains)
    {
        var session = await grains.GetGrain<IIssuanceRequestGrain>(requestId).RegisterDomicile(context.TerminalId());
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(AuthenticationResponse.From(session, context.AnswerLanguage()));
    }

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> OrderAsync(
        string requestId, OrderBody body, HttpContext context, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(body.CertificateType))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "certificateType is required.");
        if (body.MunicipalityCode is not null && ProblemResults.ForMunicipalityCode(body.MunicipalityCode) is { } invalid) return invalid;
        var accepted = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Order(context.TerminalId(), new PlaceOrder(body.CertificateType, body.Copies,
            body.Options is { } o ? new CertificateOptions(o.WholeHousehold, o.IncludeHouseholdHead, o.IncludePermanentDomicile, o.IncludeMyNumber, o.SelectedMembers,
                RegisterMember: o.RegisterMember, FiscalYear: o.FiscalYear, IncludeCommonNameHistory: o.IncludeCommonNameHistory,
                IncludePreviousAddress: o.IncludePreviousAddress, IncludeLastChange: o.IncludeLastChange) : null,
            body.MunicipalityCode));
        return TypedResults.Ok(new OrderResponse(accepted.CertificateType, accepted.Copies, accepted.Fee, accepted.FiscalYear));
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> PayAsync(
        string requestId, PaymentBody body, HttpContext context, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(body.PaymentReference) || body.PaymentReference.Length > 64)
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "paymentReference is required (at most 64 characters).");
        var paid = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Pay(context.TerminalId(), new RecordPayment(body.Amount, body.PaymentReference));
        return TypedResults.Ok(new PaymentResponse(paid.Amount, RequestStage.Paid.ToString()));
    }

    public static async Task<Results<Ok<IReadOnlyList<IssuanceHistoryResponse>>, ProblemHttpResult>> GetHistoryAsync(
        string requestId, HttpContext context, IGrainFactory grains)
    {
        var history = await grains.GetGrain<IIssuanceRequestGrain>(requestId).GetHistory(context.TerminalId());
        // What a person obtained is theirs alone: no intermediary may keep it.
        context.Response.Headers.CacheControl = "no-store";
        var language = context.AnswerLanguage();
        return TypedResults.Ok<IReadOnlyList<IssuanceHistoryResponse>>(history
            .Select(h => new IssuanceHistoryResponse(h.EndedAt, h.CertificateType, MenuTexts.CertificateName(h.CertificateType, language), h.StoreOperator, h.CertificateNumber, h.Outcome,
                h.ReadByRole, h.Purpose, MenuTexts.PurposeNames.Text(h.Purpose, language))).ToList());
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDocumentAsync(
        string requestId, HttpContext context, IGrainFactory grains)
    {
        var document = await grains.GetGrain<IIssuanceRequestGrain>(requestId).GetDocument(context.TerminalId());
        context.Response.Headers[PdfHeaderCertificateNumber] = document.CertificateNumber;
        context.Response.Headers[PdfHeaderPageCount] = document.PageCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers[PdfHeaderSha256] = document.Sha256;
        // The certificate is personal data: no intermediary may keep it.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(document.Pdf, "application/pdf", $"{document.CertificateNumber}.pdf");
    }

    public static async Task<Results<Ok<RequestEndedResponse>, ProblemHttpResult>> ConfirmPrintAsync(
        string requestId, PrintConfirmationBody body, HttpContext context, IGrainFactory grains, Telemetry.TerminalMetrics metrics, FlowAdmission admission, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(body.CertificateNumber))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "certificateNumber is required.");
        if (body.TerminalDeletion is { } said && (said.Detail is { Length: > 200 } || (said.Detail?.Any(char.IsControl) ?? false)
            || (said.At - time.GetUtcNow()).Duration() > TimeSpan.FromDays(1)))
            return ProblemResults.For(GatewayErrorCodes.InvalidField, "terminalDeletion: detail is at most 200 characters without control characters, and at is the terminal's time of deletion (within a day of now).");
        var deletion = body.TerminalDeletion is { } statement ? new TerminalDeletion(statement.Deleted, statement.At, statement.Detail) : null;
        var ended = await grains.GetGrain<IIssuanceRequestGrain>(requestId).ConfirmPrint(context.TerminalId(), new PrintReport(body.Printed, body.CertificateNumber, body.FailureReason, deletion));
        admission.Ended(requestId);
        metrics.Ended(ended.Outcome.ToString());
        return TypedResults.Ok(new RequestEndedResponse(ended.Outcome.ToString()));
    }

    public static async Task<Results<Ok<RequestEndedResponse>, ProblemHttpResult>> CancelAsync(
        string requestId, HttpContext context, IGrainFactory grains, Telemetry.TerminalMetrics metrics, FlowAdmission admission)
    {
        var ended = await grains.GetGrain<IIssuanceRequestGrain>(requestId).Cancel(context.TerminalId());
        admission.Ended(requestId);
        metrics.Ended(ended.Outcome.ToString());
        return TypedResults.Ok(new RequestEndedResponse(ended.Outcome.ToString()));
    }

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
}
