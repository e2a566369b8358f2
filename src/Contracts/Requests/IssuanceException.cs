namespace CertOrleans.Contracts.Requests;

/// <summary>
/// A refusal the terminal must be told about, with a stable code from <see cref="ErrorCodes"/> or
/// <c>RefusalCodes</c>. Messages never contain personal data.
/// </summary>
[GenerateSerializer, Alias("certorleans.issuance-exception")]
public sealed class IssuanceException : Exception
{
    public IssuanceException(string code, string message) : base(message) => Code = code;

    [Id(0)] public string Code { get; }

    /// <summary>For a closed service: when it opens next (shown at the kiosk).</summary>
    [Id(1)] public DateTimeOffset? NextOpening { get; init; }

    /// <summary>The request is over (ended by this refusal or before it): the gateway stops counting it as active.</summary>
    [Id(2)] public bool RequestEnded { get; init; }

    /// <summary>For a closed or stopped service: the notice residents are shown (a maintenance notice, a stop's reason).</summary>
    [Id(3)] public string? Notice { get; init; }
}

/// <summary>Stable problem codes; each needs its status in the gateway's ProblemResults and its title, in every kiosk language, in Languages/ProblemTitles.</summary>
public static class ErrorCodes
{
    public const string RequestGone = "request-gone";
    /// <summary>The request register could not be written (the database is restarting): nothing was recorded; try again.</summary>
    public const string StoreUnavailable = "store-unavailable";
    public const string RequestExpired = "request-expired";
    public const string TerminalMismatch = "request-terminal-mismatch";
    public const string StepOutOfOrder = "step-out-of-order";
    public const string ChallengeExpired = "challenge-expired";
    public const string ChallengeUsed = "challenge-used";
    public const string SignatureInvalid = "card-signature-invalid";
    public const string CardUnknown = "card-unknown";
    public const string TerminalUnknown = "terminal-unknown";
    public const string TerminalSuspended = "terminal-suspended";
    public const string CardRevoked = "card-revoked";
    /// <summary>No current, verified revocation list of the card CA is in hand: no card is admitted until one is.</summary>
    public const string CardStatusUnavailable = "card-status-unavailable";
    /// <summary>The card is linked to a resident of a municipality the caller may not act for.</summary>
    public const string CardHeldElsewhere = "card-held-elsewhere";
    public const string CardCertificateInvalid = "card-certificate-invalid";
    public const string CardCertificateExpired = "card-certificate-expired";
    public const string CardCertificateUntrusted = "card-certificate-untrusted";
    public const string ResidentUnknown = "resident-unknown";
    public const string CertificateTypeUnknown = "certificate-type-unknown";
    public const string CopiesOutOfRange = "copies-out-of-range";
    public const string PaymentAmountMismatch = "payment-amount-mismatch";
    public const string CertificateNumberMismatch = "certificate-number-mismatch";
    public const string DocumentBindingFailed = "document-binding-failed";
    public const string MunicipalityNotServed = "municipality-not-served";
    public const string CertificateRefused = "certificate-refused";
    public const string ServiceClosed = "service-closed";
    public const string ServiceStopped = "service-stopped";
    public const string MunicipalityMismatch = "municipality-mismatch";
    public const string InvalidConfiguration = "invalid-configuration";
    public const string VersionConflict = "version-conflict";
    /// <summary>The stop switches changed since they were read: read them again and decide again.</summary>
    public const string SwitchesChanged = "switches-changed";
    public const string IssuingKeyUnknown = "issuing-key-unknown";
    public const string OptionNotAllowed = "option-not-allowed";
    public const string FieldNotAccepted = "field-not-accepted";
}
