using System.Security.Cryptography;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Pki;
using CertOrleans.Rendering;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Storage.Journal;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// The short-lived state of one request. In memory only, never written to storage; <see cref="Wipe"/>
/// overwrites the buffers that held personal data or secrets before the session is dropped.
/// </summary>
public sealed class RequestSession
{
    public required string TerminalId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public required DateTimeOffset StepDeadline { get; set; }
    public required byte[] CardCertificate { get; init; }
    public required string CardKey { get; init; }
    /// <summary>The card's public key, read with the certificate at the start, for the challenge's answer; disposed with the session.</summary>
    public required CardPublicKey CardPublicKey { get; init; }
    public required byte[] Challenge { get; init; }
    public required DateTimeOffset ChallengeExpiresAt { get; init; }
    public RequestStage Stage { get; set; } = RequestStage.Started;
    public ResidentKey? Resident { get; set; }
    /// <summary>The municipality the resident chose at the kiosk; the card holder must live there.</summary>
    public required string MunicipalityCode { get; init; }
    /// <summary>The municipality's menu as read at the start, for the holder once authenticated (no personal data).</summary>
    public Menu? Menu { get; set; }
    /// <summary>The configuration as it was when the order was placed: its fee and its issuer are what the resident gets.</summary>
    public MunicipalityConfiguration? Municipality { get; set; }
    /// <summary>Set when the order is the holder's 本籍地 city's certificate: that city issues it, and its journal records it.</summary>
    public DomicileIssue? Domicile { get; set; }
    /// <summary>The city that issues the certificate: the kiosk's, or the 本籍地 city the holder ordered from.</summary>
    public string IssuingMunicipalityCode => Domicile?.MunicipalityCode ?? MunicipalityCode;
    public CertificateType? CertificateType { get; set; }
    public CertificateOptions Options { get; set; } = CertificateOptions.Default;
    /// <summary>The city's tax certificate terms when a tax certificate was ordered: the document is made under the same ones.</summary>
    public TaxTerms? Tax { get; set; }
    public int Copies { get; set; }
    public int? Fee { get; set; }
    public bool Paid { get; set; }
    /// <summary>The kiosk's reference of the payment, to recognise the same payment sent again (not stored anywhere).</summary>
    public string? PaymentReference { get; set; }
    public string? CertificateNumber { get; set; }
    public RenderedCertificate? Document { get; set; }
    public List<string> Refusals { get; } = [];
    /// <summary>The per-request ids the kiosk saw for household members; resident numbers never leave the server.</summary>
    public Dictionary<string, ResidentKey> HouseholdMemberIds { get; } = [];
    /// <summary>The per-request ids the kiosk saw for the other members of the holder's 戸籍: places in the register, no personal data.</summary>
    public Dictionary<string, RegisterMemberReference> RegisterMemberIds { get; } = [];
    /// <summary>The member whose 戸籍個人事項証明書 was ordered, when it is not the holder's own.</summary>
    public RegisterMemberReference? RegisterMember => Options.RegisterMember is { } id ? RegisterMemberIds.GetValueOrDefault(id) : null;

    /// <summary>A new request's state: its deadlines, the card it was started with, and a fresh single-use challenge.</summary>
    public static RequestSession Begin(StartRequest start, string cardKey, CardPublicKey cardPublicKey, DateTimeOffset now, RequestOptions limits) => new()
    {
        TerminalId = start.TerminalId,
        StartedAt = now,
        Deadline = now + limits.RequestTimeout,
        StepDeadline = now + limits.StepTimeout,
        MunicipalityCode = start.MunicipalityCode,
        CardCertificate = start.CardCertificate.ToArray(),
        CardKey = cardKey,
        CardPublicKey = cardPublicKey,
        Challenge = RandomNumberGenerator.GetBytes(CardAuthenticationProtocol.ChallengeBytes),
        ChallengeExpiresAt = now + limits.ChallengeLifetime,
    };

    public DateTimeOffset ExpiresAt => StepDeadline < Deadline ? StepDeadline : Deadline;

    public LifecycleRecord ToLifecycleRecord(string requestId, RequestOutcome outcome, string? failureCode, DateTimeOffset endedAt, bool wiped) => new()
    {
        PaymentReference = PaymentReference,
        Copies = Copies > 0 ? Copies : null,
        RequestId = requestId,
        TerminalId = TerminalId,
        MunicipalityCode = IssuingMunicipalityCode,
        CertificateType = CertificateType?.Code(),
        Fee = Fee,
        Paid = Paid,
        CertificateNumber = CertificateNumber,
        Outcome = outcome,
        LastStage = Stage,
        Refusals = Refusals.ToArray(),
        FailureCode = failureCode,
        StartedAt = StartedAt,
        EndedAt = endedAt,
        StateWiped = wiped,
    };

    /// <summary>The request as the register holds it while it lives: no personal data.</summary>
    public OpenRequest ToRegisterEntry(string requestId) => new(
        requestId, TerminalId, IssuingMunicipalityCode, CertificateType?.Code(), Fee, Paid, CertificateNumber, Stage, StartedAt, Deadline);

    /// <summary>
    /// Zeroes every buffer that held personal data or secrets and drops the references; returns what the request
    /// held and when each buffer was zeroed, for its deletion statement.
    /// </summary>
    public (IReadOnlyList<string> Held, IReadOnlyList<ZeroedBuffer> Zeroed) Wipe(TimeProvider time)
    {
        var held = new List<string>();
        var zeroed = new List<ZeroedBuffer>();
        void Zero(string category, byte[] buffer)
        {
            CryptographicOperations.ZeroMemory(buffer);
            zeroed.Add(new ZeroedBuffer(category, time.GetUtcNow()));
        }
        held.Add(BufferCategories.Challenge);
        Zero(BufferCategories.Challenge, Challenge);
        held.Add(BufferCategories.CardCertificate);
        Zero(BufferCategories.CardCertificate, CardCertificate);
        if (Document is not null)
        {
            // The resident's data reached this request only inside its document (the household names are sent once, not kept).
            held.Add(BufferCategories.ResidentData);
            held.Add(BufferCategories.Document);
            Zero(BufferCategories.Document, Document.Pdf);
            zeroed.Add(new ZeroedBuffer(BufferCategories.ResidentData, zeroed[^1].ZeroedAt));
        }
        CardPublicKey.Dispose();
        Document = null;
        Resident = null;
        Municipality = null;
        Domicile = null;
        HouseholdMemberIds.Clear();
        RegisterMemberIds.Clear();
        return (held, zeroed);
    }
}
