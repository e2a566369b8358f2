namespace CertOrleans.Contracts.Requests;

/// <summary>The steps of a request, in the only order they may happen.</summary>
[GenerateSerializer]
public enum RequestStage
{
    Started = 1,
    Authenticated = 2,
    Ordered = 3,
    Paid = 4,
    DocumentDelivered = 5,
}

/// <summary>How a request ended. Every request ends in exactly one of these and leaves a lifecycle record.</summary>
[GenerateSerializer]
public enum RequestOutcome
{
    Printed = 1,
    Cancelled = 2,
    PrintFailed = 3,
    Expired = 4,
    /// <summary>Card authentication failed (bad signature, expired challenge, revoked card): the request cannot go on.</summary>
    AuthenticationFailed = 5,
}
