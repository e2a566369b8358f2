namespace CertOrleans.Contracts.Requests;

/// <summary>
/// One issuance request from one terminal, keyed by an unguessable id. Holds the short-lived state
/// (challenge, authenticated resident, order, fee, rendered document) in memory only, enforces the order
/// of the steps, and wipes its state and deactivates when the request ends. Every call names the terminal;
/// a call from another terminal is refused. After the end every call fails with <see cref="ErrorCodes.RequestGone"/>.
/// </summary>
[Alias("certorleans.issuance-request")]
public interface IIssuanceRequestGrain : IGrainWithStringKey
{
    [Alias("start")]
    Task<ChallengeIssued> Start(StartRequest start);

    [Alias("authenticate")]
    Task<AuthenticatedSession> Authenticate(string terminalId, byte[] signature);

    /// <summary>
    /// Registers the authenticated holder for their 本籍地 city's 戸籍 certificates (利用登録), with this request's card; answers
    /// the menu again, with that city's offers when the registration was approved at once.
    /// </summary>
    [Alias("register-domicile")]
    Task<AuthenticatedSession> RegisterDomicile(string terminalId);

    [Alias("order")]
    Task<OrderAccepted> Order(string terminalId, PlaceOrder order);

    [Alias("pay")]
    Task<PaymentAccepted> Pay(string terminalId, RecordPayment payment);

    [Alias("document")]
    Task<IssuedDocument> GetDocument(string terminalId);

    [Alias("confirm-print")]
    Task<RequestEnded> ConfirmPrint(string terminalId, PrintReport report);

    [Alias("cancel")]
    Task<RequestEnded> Cancel(string terminalId);

    [Alias("status")]
    Task<RequestStatus> GetStatus(string terminalId);

    /// <summary>The authenticated holder's own issuances of the last 12 months, newest first, from their municipality's journal.</summary>
    [Alias("history")]
    Task<IReadOnlyList<Journal.IssuanceHistoryItem>> GetHistory(string terminalId);

    /// <summary>
    /// From the terminal's grain, once a change to it is saved (or its activation is going away): forget what it said, and
    /// ask it again before the next step. It carries no status, so no caller can make a request think a terminal active.
    /// Interleaved: it only drops what the request holds, and a step may be waiting on the terminal.
    /// </summary>
    [Alias("terminal-changed"), AlwaysInterleave]
    Task TerminalChanged();
}

[GenerateSerializer, Immutable, Alias("certorleans.start-request")]
public sealed record StartRequest(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] string MunicipalityCode,
    [property: Id(2)] byte[] CardCertificate);

[GenerateSerializer, Immutable, Alias("certorleans.challenge-issued")]
public sealed record ChallengeIssued(
    [property: Id(0)] byte[] Challenge,
    [property: Id(1)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Immutable, Alias("certorleans.certificate-offer")]
public sealed record CertificateOffer(
    [property: Id(0)] string Type,
    [property: Id(1)] string Name,
    [property: Id(2)] int Fee,
    [property: Id(3)] bool AvailableNow = true,
    [property: Id(4)] DateTimeOffset? NextOpening = null,
    [property: Id(5)] string? RefusalCode = null,
    [property: Id(6)] IReadOnlyList<string>? Options = null,
    [property: Id(7)] string? MunicipalityCode = null,
    [property: Id(12)] IReadOnlyList<int>? FiscalYears = null);

/// <summary>One member of the card holder's household, as the kiosk lists them for a 住民票 of chosen members.</summary>
[GenerateSerializer, Immutable, Alias("certorleans.household-member-choice")]
public sealed record HouseholdMemberChoice(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string Name);

/// <summary>
/// What the kiosk may show after card authentication: the municipality, what this card holder may order
/// (with fees and options, or the code of why not), and the household members to choose from. Sensitive
/// refusal reasons appear only as refused-contact-office.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.authenticated-session")]
public sealed record AuthenticatedSession(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string MunicipalityName,
    [property: Id(2)] IReadOnlyList<CertificateOffer> Offers,
    [property: Id(3)] IReadOnlyList<HouseholdMemberChoice>? HouseholdMembers = null,
    [property: Id(4)] DomicileRegistrationView? Domicile = null,
    [property: Id(5)] IReadOnlyList<RegisterMemberChoice>? RegisterMembers = null);

/// <summary>
/// One other member of the card holder's 戸籍, as the kiosk lists them for a 戸籍個人事項証明書: a per-request id, the name and
/// 続柄 as the register records them, and the code of why the store cannot issue theirs (a sibling, a member struck out), or none.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.register-member-choice")]
public sealed record RegisterMemberChoice(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Relationship,
    [property: Id(3)] string? RefusalCode = null);

/// <summary>
/// The holder's 本籍地 city, when another city served here takes registrations for it, and where their registration
/// stands for the card in the kiosk: not-registered, pending, approved, rejected, ended or other-card.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.domicile-registration-view")]
public sealed record DomicileRegistrationView(
    [property: Id(0)] string MunicipalityCode,
    [property: Id(1)] string MunicipalityName,
    [property: Id(2)] string Status)
{
    public const string NotRegistered = "not-registered";
    /// <summary>Approved for another card (renewed or replaced): this card must register again.</summary>
    public const string OtherCard = "other-card";
}

[GenerateSerializer, Immutable, Alias("certorleans.place-order")]
public sealed record PlaceOrder(
    [property: Id(0)] string CertificateType,
    [property: Id(1)] int Copies,
    [property: Id(2)] CertificateOptions? Options = null,
    [property: Id(3)] string? MunicipalityCode = null);

/// <summary>What the resident chose on the kiosk screen: for a 住民票 its items (通称の履歴, 前住所 and 異動事由 are printed only
/// when chosen), for a tax certificate the fiscal year (the latest offered when null), for a 戸籍個人事項証明書 whose
/// (<see cref="RegisterMember"/>).</summary>
[GenerateSerializer, Immutable, Alias("certorleans.certificate-options")]
public sealed record CertificateOptions(
    [property: Id(0)] bool WholeHousehold = false,
    [property: Id(1)] bool IncludeHouseholdHead = true,
    [property: Id(2)] bool IncludePermanentDomicile = false,
    [property: Id(3)] bool IncludeMyNumber = false,
    [property: Id(4)] IReadOnlyList<string>? SelectedMembers = null,
    [property: Id(5)] string? RegisterMember = null,
    [property: Id(8)] int? FiscalYear = null,
    [property: Id(9)] bool IncludeCommonNameHistory = false,
    [property: Id(10)] bool IncludePreviousAddress = false,
    [property: Id(11)] bool IncludeLastChange = false)
{
    public bool ChosenMembers => SelectedMembers is { Count: > 0 };

    public static readonly CertificateOptions Default = new();
}

[GenerateSerializer, Immutable, Alias("certorleans.order-accepted")]
public sealed record OrderAccepted(
    [property: Id(0)] string CertificateType,
    [property: Id(1)] int Copies,
    [property: Id(2)] int Fee,
    [property: Id(3)] int? FiscalYear = null);

[GenerateSerializer, Immutable, Alias("certorleans.record-payment")]
public sealed record RecordPayment(
    [property: Id(0)] int Amount,
    [property: Id(1)] string PaymentReference);

[GenerateSerializer, Immutable, Alias("certorleans.payment-accepted")]
public sealed record PaymentAccepted(
    [property: Id(0)] int Amount);

[GenerateSerializer, Immutable, Alias("certorleans.issued-document")]
public sealed record IssuedDocument(
    [property: Id(0)] string CertificateNumber,
    [property: Id(1)] int PageCount,
    [property: Id(2)] int Copies,
    [property: Id(3)] byte[] Pdf,
    [property: Id(4)] string Sha256);

[GenerateSerializer, Immutable, Alias("certorleans.print-report")]
public sealed record PrintReport(
    [property: Id(0)] bool Printed,
    [property: Id(1)] string CertificateNumber,
    [property: Id(2)] string? FailureReason,
    [property: Id(3)] TerminalDeletion? Deletion = null);

/// <summary>
/// The terminal's own statement, sent with its print confirmation: whether it deleted its copies of the document
/// (the spooled file and its memory), and when. The deletion statement records it beside the server's.
/// </summary>
[GenerateSerializer, Immutable, Alias("certorleans.terminal-deletion")]
public sealed record TerminalDeletion(
    [property: Id(0)] bool Deleted,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Detail);

[GenerateSerializer, Immutable, Alias("certorleans.request-ended")]
public sealed record RequestEnded(
    [property: Id(0)] RequestOutcome Outcome);

[GenerateSerializer, Immutable, Alias("certorleans.request-status")]
public sealed record RequestStatus(
    [property: Id(0)] RequestStage Stage,
    [property: Id(1)] DateTimeOffset ExpiresAt);
