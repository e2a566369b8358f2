using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using CertOrleans.Pki;

namespace CertOrleans.Kiosk;

/// <summary>
/// A store terminal talking to the gateway's terminal API over mutually authenticated TLS. The simulator,
/// the tests and (later) the load generator all drive the service through this one client.
/// </summary>
/// <param name="language">The language the resident chose on the screen (a BCP 47 tag, sent as Accept-Language); null leaves it to the gateway (Japanese).</param>
public sealed class KioskClient(HttpClient http, string? language = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What the idle screen shows for a municipality: open or not, and its menu. No card is read.</summary>
    public async Task<AvailabilityInfo> GetAvailabilityAsync(string municipalityCode, CancellationToken ct = default) =>
        await SendAsync<AvailabilityInfo>(HttpMethod.Get, $"terminal/v1/municipalities/{municipalityCode}/availability", null, ct);

    public async Task<StartedRequest> StartAsync(string municipalityCode, X509Certificate2 cardCertificate, CancellationToken ct = default) =>
        await SendAsync<StartedRequest>(HttpMethod.Post, "terminal/v1/requests", new { municipalityCode, cardCertificate = Convert.ToBase64String(cardCertificate.RawData) }, ct);

    public async Task<Menu> AuthenticateAsync(string requestId, byte[] signature, CancellationToken ct = default) =>
        await SendAsync<Menu>(HttpMethod.Post, $"terminal/v1/requests/{requestId}/authentication", new { signature = Convert.ToBase64String(signature) }, ct);

    /// <summary>After authentication: the holder's own issuances of the last 12 months, newest first.</summary>
    public async Task<IReadOnlyList<HistoryItem>> GetHistoryAsync(string requestId, CancellationToken ct = default) =>
        await SendAsync<List<HistoryItem>>(HttpMethod.Get, $"terminal/v1/requests/{requestId}/history", null, ct);

    /// <summary>After authentication: registers the holder for their 本籍地 city's 戸籍 certificates (利用登録); the menu again.</summary>
    public async Task<Menu> RegisterDomicileAsync(string requestId, CancellationToken ct = default) =>
        await SendAsync<Menu>(HttpMethod.Post, $"terminal/v1/requests/{requestId}/domicile-registration", null, ct);

    /// <param name="municipalityCode">The issuing city of a 本籍地 offer; null for the kiosk's own city.</param>
    public async Task<OrderConfirmation> OrderAsync(string requestId, string certificateType, int copies, KioskOptions? options = null, CancellationToken ct = default,
        string? municipalityCode = null) =>
        await SendAsync<OrderConfirmation>(HttpMethod.Post, $"terminal/v1/requests/{requestId}/order", new { certificateType, copies, options, municipalityCode }, ct);

    public async Task PayAsync(string requestId, int amount, string paymentReference, CancellationToken ct = default) =>
        await SendAsync<JsonElement>(HttpMethod.Post, $"terminal/v1/requests/{requestId}/payment", new { amount, paymentReference }, ct);

    public async Task<DeliveredDocument> GetDocumentAsync(string requestId, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, $"terminal/v1/requests/{requestId}/document");
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        var pdf = await response.Content.ReadAsByteArrayAsync(ct);
        var number = Header(response, "X-Certificate-Number");
        // The number names the spooled file: only the form the server issues, never a path a header could make up.
        if (!KioskPrinter.IsCertificateNumber(number))
            throw new KioskProblemException("document-headers-malformed", (int)response.StatusCode, "The document response names no valid certificate number.", null);
        var pages = int.Parse(Header(response, "X-Page-Count"), System.Globalization.CultureInfo.InvariantCulture);
        var sha256 = Header(response, "X-Content-SHA256");
        // Never print what did not arrive whole.
        if (!string.Equals(Convert.ToHexString(SHA256.HashData(pdf)), sha256, StringComparison.OrdinalIgnoreCase))
            throw new KioskProblemException("document-corrupted", 0, "The document did not arrive intact.", null);
        return new DeliveredDocument(number, pages, pdf);
    }

    /// <param name="deletion">The terminal's statement of its own copies, made before it confirms (null: it states nothing).</param>
    public async Task<string> ConfirmPrintAsync(string requestId, bool printed, string certificateNumber, string? failureReason = null, CancellationToken ct = default,
        TerminalDeletionStatement? deletion = null) =>
        (await SendAsync<Ended>(HttpMethod.Post, $"terminal/v1/requests/{requestId}/print-confirmation", new { printed, certificateNumber, failureReason, terminalDeletion = deletion }, ct)).Outcome;

    public async Task<string> CancelAsync(string requestId, CancellationToken ct = default) =>
        (await SendAsync<Ended>(HttpMethod.Delete, $"terminal/v1/requests/{requestId}", null, ct)).Outcome;

    /// <summary>The whole flow for one resident: card, PIN, order, payment, document, print, print confirmation.</summary>
    /// <param name="showHistory">Also fetch the holder's history after authentication, then go on to order (a holder who looks
    /// before ordering); to look and leave, see <see cref="ViewHistoryAsync"/>.</param>
    /// <param name="printer">Where the document is printed; its spooled copy is deleted after the confirmation (unless kept).</param>
    /// <remarks>
    /// A refusal after the card was read (the certificate is not offered, the holder may not have it, the payment
    /// does not match) cancels the request at once, so its record says refused and cancelled, not expired.
    /// </remarks>
    /// <param name="fromDomicile">Order the certificate from the holder's 本籍地 city (their registration there must be approved).</param>
    public async Task<KioskResult> RunAsync(SoftwareCard card, string pin, string municipalityCode, string certificateType, int copies = 1, bool printerFails = false,
        KioskOptions? options = null, CancellationToken ct = default, bool showHistory = false, KioskPrinter? printer = null, bool fromDomicile = false)
    {
        var timings = new Dictionary<string, TimeSpan>();
        var total = Stopwatch.StartNew();
        async Task<T> Step<T>(string name, Func<Task<T>> action)
        {
            var watch = Stopwatch.StartNew();
            var result = await action();
            timings[name] = watch.Elapsed;
            return result;
        }

        var (started, menu) = await SignInAsync(card, pin, municipalityCode, ct, timings);
        var history = showHistory ? await Step("history", () => GetHistoryAsync(started.RequestId, ct)) : null;
        OrderConfirmation order;
        DeliveredDocument document;
        try
        {
            var issuing = fromDomicile
                ? menu.Domicile?.MunicipalityCode ?? throw new KioskProblemException("domicile-none", 409, "The card holder has no 本籍地 city served here.", null)
                : null;
            order = await Step("order", () => OrderAsync(started.RequestId, certificateType, copies, options, ct, issuing));
            await Step("pay", async () => { await PayAsync(started.RequestId, order.Fee, $"cash-{Guid.NewGuid():N}", ct); return 0; });
            document = await Step("document", () => GetDocumentAsync(started.RequestId, ct));
        }
        catch (KioskProblemException refused) when (refused.Status is >= 400 and < 500 && refused.Code is not ("request-gone" or "request-expired" or "request-unknown"))
        {
            await TryCancelAsync(started.RequestId, ct);
            refused.CancelledRequestId = started.RequestId;
            throw;
        }
        var spooled = printer is null || printerFails ? null : await printer.PrintAsync(document, ct);
        // The terminal's own copies go before it confirms, so its confirmation can say so: the spooled file, then its memory.
        var kept = spooled is not null && printer!.Release(spooled);
        TerminalDeletionStatement deletion;
        if (printer is null) deletion = new(false, DateTimeOffset.UtcNow, "no printer: the simulator keeps the document in memory for inspection");
        else if (kept) deletion = new(false, DateTimeOffset.UtcNow, "spooled document kept at the operator's request (--keep)");
        else
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(document.Pdf);
            deletion = new(true, DateTimeOffset.UtcNow, spooled is null ? "nothing spooled (print failed); memory zeroed" : "spooled document deleted; memory zeroed");
        }
        var outcome = await Step("confirm", () => ConfirmPrintAsync(started.RequestId, printed: !printerFails, document.CertificateNumber, printerFails ? "paper-jam" : null, ct, deletion));
        timings["total"] = total.Elapsed;
        return new KioskResult(started.RequestId, menu, order, document, outcome, timings) { History = history, PrintedFile = kept ? spooled : null };
    }

    /// <summary>
    /// A registration visit (利用登録): card, PIN, registration for the 本籍地 city, then the request is cancelled (nothing
    /// is printed or paid). Answers the menu after the registration, with its standing.
    /// </summary>
    public async Task<Menu> RegisterAsync(SoftwareCard card, string pin, string municipalityCode, CancellationToken ct = default)
    {
        var (started, _) = await SignInAsync(card, pin, municipalityCode, ct);
        try
        {
            return await RegisterDomicileAsync(started.RequestId, ct);
        }
        finally
        {
            await TryCancelAsync(started.RequestId, ct);
        }
    }

    /// <summary>
    /// The 「交付履歴」 screen and then 「終了」: card, PIN, the holder's past issuances, then the request is cancelled
    /// (nothing is ordered, paid or printed). Answers the history and how the request ended.
    /// </summary>
    public async Task<HistoryVisit> ViewHistoryAsync(SoftwareCard card, string pin, string municipalityCode, CancellationToken ct = default)
    {
        var (started, _) = await SignInAsync(card, pin, municipalityCode, ct);
        IReadOnlyList<HistoryItem> history;
        try
        {
            history = await GetHistoryAsync(started.RequestId, ct);
        }
        catch (Exception e) when (e is KioskProblemException or HttpRequestException)
        {
            await TryCancelAsync(started.RequestId, ct);
            throw;
        }
        return new HistoryVisit(started.RequestId, history, await CancelAsync(started.RequestId, ct));
    }

    /// <summary>Start, the card's PIN and signature, authentication: the request and the holder's menu.</summary>
    public async Task<(StartedRequest Started, Menu Menu)> SignInAsync(SoftwareCard card, string pin, string municipalityCode, CancellationToken ct = default,
        Dictionary<string, TimeSpan>? timings = null)
    {
        var watch = Stopwatch.StartNew();
        var started = await StartAsync(municipalityCode, card.Certificate, ct);
        if (timings is not null) timings["start"] = watch.Elapsed;
        byte[] signature;
        try
        {
            signature = card.Sign(pin, CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge)));
        }
        catch (Exception ex) when (ex is WrongPinException or CardLockedException)
        {
            await CancelAsync(started.RequestId, ct);
            throw;
        }
        watch.Restart();
        var menu = await AuthenticateAsync(started.RequestId, signature, ct);
        if (timings is not null) timings["authenticate"] = watch.Elapsed;
        return (started, menu);
    }

    /// <summary>Cancels after a refusal; a request the gateway already ended (or cannot reach) expires on its own.</summary>
    private async Task TryCancelAsync(string requestId, CancellationToken ct)
    {
        try
        {
            await CancelAsync(requestId, ct);
        }
        catch (Exception e) when (e is KioskProblemException or HttpRequestException)
        {
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = Request(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        Problem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            problem = await response.Content.ReadFromJsonAsync<Problem>(Json, ct);
        throw new KioskProblemException(problem?.Code ?? $"http-{(int)response.StatusCode}", (int)response.StatusCode, problem?.Title ?? response.ReasonPhrase ?? "", problem?.Detail)
        {
            NextOpening = problem?.NextOpening,
            Notice = problem?.Notice,
        };
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First()
        : throw new KioskProblemException("document-headers-missing", (int)response.StatusCode, $"The document response lacks {name}.", null);

    private sealed record Problem(string? Code, string? Title, string? Detail, int? Status, DateTimeOffset? NextOpening, string? Notice);

    private sealed record Ended(string Outcome);
}
