namespace CertOrleans.Gateway.Apis;

/// <summary>Starts a request for the municipality chosen at the kiosk, with the card's user-authentication certificate (DER, base64).</summary>
public sealed record StartRequestBody(string MunicipalityCode, string CardCertificate);

public sealed record StartRequestResponse(string RequestId, string Challenge, DateTimeOffset ChallengeExpiresAt);

/// <summary>The card's signature (base64) over the payload defined by CardAuthenticationProtocol.</summary>
public sealed record AuthenticationBody(string Signature);

/// <param name="MunicipalityCode">The city that issues it when it is not the kiosk's: the holder's 本籍地 city (order with it).</param>
public sealed record OfferResponse(string CertificateType, string Name, int Fee, bool AvailableNow, DateTimeOffset? NextOpening, string? RefusalCode = null, IReadOnlyList<string>? Options = null,
    string? MunicipalityCode = null)
{
    public static OfferResponse From(CertOrleans.Contracts.Requests.CertificateOffer offer) =>
        new(offer.Type, offer.Name, offer.Fee, offer.AvailableNow, offer.NextOpening, offer.RefusalCode, offer.Options, offer.MunicipalityCode);
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

/// <param name="Domicile">The holder's 本籍地 city when another city served here takes registrations for it, and where their registration stands.</param>
public sealed record AuthenticationResponse(string MunicipalityCode, string MunicipalityName, IReadOnlyList<OfferResponse> Offers, IReadOnlyList<HouseholdMemberResponse> HouseholdMembers,
    DomicileRegistrationResponse? Domicile = null)
{
    public static AuthenticationResponse From(CertOrleans.Contracts.Requests.AuthenticatedSession session) =>
        new(session.MunicipalityCode, session.MunicipalityName, session.Offers.Select(OfferResponse.From).ToList(),
            (session.HouseholdMembers ?? []).Select(m => new HouseholdMemberResponse(m.MemberId, m.Name)).ToList(),
            session.Domicile is { } d ? new DomicileRegistrationResponse(d.MunicipalityCode, d.MunicipalityName, d.Status) : null);
}

/// <param name="Status">not-registered, pending, approved, rejected, ended, or other-card (approved for another card: register again).</param>
public sealed record DomicileRegistrationResponse(string MunicipalityCode, string MunicipalityName, string Status);

/// <param name="MunicipalityCode">The issuing city of a 本籍地 offer (as the offer names it); omitted for the kiosk's city.</param>
public sealed record OrderBody(string CertificateType, int Copies = 1, OrderOptions? Options = null, string? MunicipalityCode = null);

/// <summary>住民票 choices: the whole household or chosen members (ids from the menu), 世帯主・続柄, 本籍・筆頭者, 個人番号 (where allowed), 通称の履歴, 前住所, 異動事由.</summary>
public sealed record OrderOptions(bool WholeHousehold = false, bool IncludeHouseholdHead = true, bool IncludePermanentDomicile = false, bool IncludeMyNumber = false,
    IReadOnlyList<string>? SelectedMembers = null, bool IncludeCommonNameHistory = false, bool IncludePreviousAddress = false, bool IncludeLastChange = false);

public sealed record OrderResponse(string CertificateType, int Copies, int Fee);

public sealed record PaymentBody(int Amount, string PaymentReference);

public sealed record PaymentResponse(int Amount, string Stage);

/// <param name="TerminalDeletion">The terminal's statement of its own copies: deleted or not, when, and a short detail (at most 200 characters).</param>
public sealed record PrintConfirmationBody(bool Printed, string CertificateNumber, string? FailureReason = null, TerminalDeletionBody? TerminalDeletion = null);

public sealed record TerminalDeletionBody(bool Deleted, DateTimeOffset At, string? Detail = null);

public sealed record RequestEndedResponse(string Outcome);

public sealed record RequestStatusResponse(string Stage, DateTimeOffset ExpiresAt);

/// <summary>One of the card holder's own past issuances, for the kiosk's history screen.</summary>
/// <summary>One line of a holder's history: an issuance, or (outcome <c>RecordsRead</c>) a time the city read their records, with the reader's role and purpose.</summary>
public sealed record IssuanceHistoryResponse(DateTimeOffset EndedAt, string? CertificateType, string? CertificateName, string StoreOperator, string? CertificateNumber, string Outcome,
    string? ReadByRole = null, string? Purpose = null, string? PurposeName = null);
