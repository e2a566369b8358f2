namespace CertOrleans.Gateway.Problems;

/// <summary>Error codes raised by the gateway itself (the grains' codes are in <c>ErrorCodes</c> and <c>RefusalCodes</c>).</summary>
public static class GatewayErrorCodes
{
    public const string TerminalCertificateRequired = "terminal-certificate-required";
    public const string TerminalCertificateInvalid = "terminal-certificate-invalid";
    public const string MalformedRequest = "malformed-request";
    public const string InvalidField = "invalid-field";
    public const string RequestIdMalformed = "request-id-malformed";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string PayloadTooLarge = "payload-too-large";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string AdminKeyRequired = "admin-key-required";
    public const string RegistryKeyRequired = "registry-key-required";
    public const string RecordRejected = "record-rejected";
    public const string OutOfScope = "key-out-of-scope";
    public const string ServiceUnavailable = "service-unavailable";
    public const string InternalError = "internal-error";
    public const string RateLimited = "rate-limited";
    public const string RequestUnknown = "request-unknown";
    public const string Overloaded = "overloaded";
    public const string RequestTimeout = "request-timeout";
    public const string PdfTooComplex = "pdf-too-complex";
    public const string WitnessMismatch = "witness-mismatch";
    public const string PurposeRequired = "purpose-required";
}
