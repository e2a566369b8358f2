namespace CertOrleans.Gateway.Apis;

/// <summary>Starts a request for the municipality chosen at the kiosk, with the card's user-authentication certificate (DER, base64).</summary>
public sealed record StartRequestBody(string MunicipalityCode, string CardCertificate);

public sealed record StartRequestResponse(string RequestId, string Challenge, DateTimeOffset ChallengeExpiresAt);

/// <summary>The card's signature (base64) over the payload defined by CardAuthenticationProtocol.</summary>
public sealed record AuthenticationBody(string Signature);

public sealed record OfferResponse(string CertificateType, string Name, int Fee, bool AvailableNow, DateTimeOffset? NextOpening, string? RefusalCode = null, IReadOnlyList<string>? Options = null)
{
    public static OfferResponse From(CertOrleans.Contracts.Requests.CertificateOffer offer) =>
        new(offer.Type, offer.Name, offer.Fee, offer.AvailableNow, offer.NextOpening, offer.RefusalCode, offer.Options);
}

public sealed record HouseholdMemberResponse(string MemberId, string Name);

public sealed record AvailabilityResponse(string MunicipalityCode, string MunicipalityName, bool Open, string? ClosedReason, DateTimeOffset? NextOpening, IReadOnlyList<OfferResponse> Offers)
{
    /// <summary>What the kiosk shows residents: the maintenance notice while closed for it, or the operators' stop notice.</summary>
    public string? Notice { get; init; }

    /// <summary>Maintenance announced for the next two weeks, for the idle screen.</summary>
    public IReadOnlyList<AnnouncedMaintenance> Announced { get; init; } = [];
}

public sealed record AnnouncedMaintenance(DateTimeOffset Start, DateTimeOffset End, string Notice);

public sealed record AuthenticationResponse(string MunicipalityCode, string MunicipalityName, IReadOnlyList<OfferResponse> Offers, IReadOnlyList<HouseholdMemberResponse> HouseholdMembers);

public sealed record OrderBody(string CertificateType, int Copies = 1, OrderOptions? Options = null);

/// <summary>住民票 choices: the whole household or chosen members (ids from the menu), 世帯主・続柄, 本籍・筆頭者, 個人番号 (where allowed).</summary>
public sealed record OrderOptions(bool WholeHousehold = false, bool IncludeHouseholdHead = true, bool IncludePermanentDomicile = false, bool IncludeMyNumber = false,
    IReadOnlyList<string>? SelectedMembers = null);

public sealed record OrderResponse(string CertificateType, int Copies, int Fee);

public sealed record PaymentBody(int Amount, string PaymentReference);

public sealed record PaymentResponse(int Amount, string Stage);

public sealed record PrintConfirmationBody(bool Printed, string CertificateNumber, string? FailureReason = null);

public sealed record RequestEndedResponse(string Outcome);

public sealed record RequestStatusResponse(string Stage, DateTimeOffset ExpiresAt);

/// <summary>One of the card holder's own past issuances, for the kiosk's history screen.</summary>
public sealed record IssuanceHistoryResponse(DateTimeOffset EndedAt, string? CertificateType, string? CertificateName, string StoreOperator, string? CertificateNumber, string Outcome);
