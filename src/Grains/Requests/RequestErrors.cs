using CertOrleans.Contracts.Requests;

namespace CertOrleans.Grains.Requests;

/// <summary>The answers a request gives when a step cannot go on; each code is stable for the kiosk.</summary>
internal static class RequestErrors
{
    public static IssuanceException Gone() => new(ErrorCodes.RequestGone, "This request has ended or does not exist.") { RequestEnded = true };

    public static IssuanceException OutOfOrder(string message) => new(ErrorCodes.StepOutOfOrder, message);

    public static IssuanceException BindingFailed() =>
        new(ErrorCodes.DocumentBindingFailed, "The document failed its binding check and was not released; the fee will be refunded.");

    public static IssuanceException NoLongerIssuable() =>
        new(ErrorCodes.CertificateRefused, "The certificate can no longer be issued; the fee will be refunded.");
}
