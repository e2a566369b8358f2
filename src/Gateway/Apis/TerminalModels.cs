using CertOrleans.Gateway.Languages;

namespace CertOrleans.Gateway.Apis;

/// <summary>Starts a request for the municipality chosen at the kiosk, with the card's user-authentication certificate (DER, base64).</summary>
public sealed record StartRequestBody(string MunicipalityCode, string CardCertificate);

public sealed record StartRequestResponse(string RequestId, string Challenge, DateTimeOffset ChallengeExpiresAt);

/// <summary>The card's signature (base64) over the payload defined by CardAuthenticationProtocol.</summary>
public sealed record AuthenticationBody(string Signature);

/// <param name="MunicipalityCode">The city that issues it when it is not the kiosk's: the holder's 本籍地 city (order with it).</param>
/// <param name="Name">The type's name in the kiosk's language (Content-Language); the certificate itself is Japanese.</param>
/// <param name="FiscalYears">A tax certificate's fiscal years (年度, e.g. 2026), newest first: the city's before a card is read, the card holder's after.</param>
public sealed record OfferResponse(string CertificateType, string Name, int Fee, bool AvailableNow, DateTimeOffset? NextOpening, string? RefusalCode = null, IReadOnlyList<string>? Options = null,
    string? MunicipalityCode = null, IReadOnlyList<int>? FiscalYears = null)
{
    /// <summary>What the kiosk shows for <see cref="RefusalCode"/>, in its language.</summary>
    public string? RefusalMessage { get; init; }

    /// <summary>The label of each of <see cref="Options"/>, by option code, in the kiosk's language.</summary>
    public IReadOnlyDictionary<string, string>? OptionLabels { get; init; }

    public static OfferResponse From(CertOrleans.Contracts.Requests.CertificateOffer offer, KioskLanguage language) =>
        new(offer.Type, MenuTexts.CertificateName(offer.Type, language) ?? offer.Name, offer.Fee, offer.AvailableNow, offer.NextOpening, offer.RefusalCode, offer.Options, offer.MunicipalityCode, offer.FiscalYears)
        {
            RefusalMessage = offer.RefusalCode is { } refusal ? RefusalTexts.For(refusal).In(language) : null,
            OptionLabels = offer.Options?.ToDictionary(option => option, option => MenuTexts.OptionLabels.Text(option, language) ?? option),
        };
}

public sealed record HouseholdMemberResponse(string MemberId, string Name);

/// <summary>Another member of the holder's 戸籍, for a 戸籍個人事項証明書: order with <c>options.registerMember</c>; a refusal code says why not.</summary>
public sealed record RegisterMemberResponse(string MemberId, string Name, string Relationship, string? RefusalCode);

public sealed record AvailabilityResponse(string MunicipalityCode, string MunicipalityName, bool Open, string? ClosedReason, DateTimeOffset? NextOpening, IReadOnlyList<OfferResponse> Offers)
{
    /// <summary>Why it is closed, in the kiosk's language (the notice is the city's or the operators' own words, as written).</summary>
    public string? ClosedReasonText { get; init; }

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
    /// <summary>The other members of the holder's 戸籍 (empty when the menu offers no 戸籍個人事項証明書 they may have).</summary>
    public IReadOnlyList<RegisterMemberResponse> RegisterMembers { get; init; } = [];

    public static AuthenticationResponse From(CertOrleans.Contracts.Requests.AuthenticatedSession session, KioskLanguage language) =>
        new(session.MunicipalityCode, session.MunicipalityName, session.Offers.Select(offer => OfferResponse.From(offer, language)).ToList(),
            (session.HouseholdMembers ?? []).Select(m => new HouseholdMemberResponse(m.MemberId, m.Name)).ToList(),
            session.Domicile is { } d ? new DomicileRegistrationResponse(d.MunicipalityCode, d.MunicipalityName, d.Status) : null)
        {
            RegisterMembers = (session.RegisterMembers ?? []).Select(m => new RegisterMemberResponse(m.MemberId, m.Name, m.Relationship, m.RefusalCode)).ToList(),
        };
}

/// <param name="Status">not-registered, pending, approved, rejected, ended, or other-card (approved for another card: register again).</param>
public sealed record DomicileRegistrationResponse(string MunicipalityCode, string MunicipalityName, string Status);

/// <param name="MunicipalityCode">The issuing city of a 本籍地 offer (as the offer names it); omitted for the kiosk's city.</param>
public sealed record OrderBody(string CertificateType, int Copies = 1, OrderOptions? Options = null, string? MunicipalityCode = null);

/// <summary>
/// 住民票 choices: the whole household or chosen members (ids from the menu), 世帯主・続柄, 本籍・筆頭者, 個人番号 (where allowed),
/// 通称の履歴, 前住所, 異動事由; or, for a 戸籍個人事項証明書 of another member of the holder's register, that member (an id from the
/// menu's registerMembers); for a tax certificate, the fiscal year (one of the offer's fiscalYears; the latest when omitted).
/// </summary>
public sealed record OrderOptions(bool WholeHousehold = false, bool IncludeHouseholdHead = true, bool IncludePermanentDomicile = false, bool IncludeMyNumber = false,
    IReadOnlyList<string>? SelectedMembers = null, int? FiscalYear = null, bool IncludeCommonNameHistory = false, bool IncludePreviousAddress = false,
    bool IncludeLastChange = false)
{
    public string? RegisterMember { get; init; }
}

/// <param name="FiscalYear">The fiscal year of a tax certificate ordered.</param>
public sealed record OrderResponse(string CertificateType, int Copies, int Fee, int? FiscalYear = null);

public sealed record PaymentBody(int Amount, string PaymentReference);

public sealed record PaymentResponse(int Amount, string Stage);

/// <param name="TerminalDeletion">The terminal's statement of its own copies: deleted or not, when, and a short detail (at most 200 characters).</param>
public sealed record PrintConfirmationBody(bool Printed, string CertificateNumber, string? FailureReason = null, TerminalDeletionBody? TerminalDeletion = null);

public sealed record TerminalDeletionBody(bool Deleted, DateTimeOffset At, string? Detail = null);

public sealed record RequestEndedResponse(string Outcome);

public sealed record RequestStatusResponse(string Stage, DateTimeOffset ExpiresAt);

/// <summary>One line of a holder's history: an issuance, or (outcome <c>RecordsRead</c>) a time the city read their records, with the reader's role and purpose.</summary>
public sealed record IssuanceHistoryResponse(DateTimeOffset EndedAt, string? CertificateType, string? CertificateName, string StoreOperator, string? CertificateNumber, string Outcome,
    string? ReadByRole = null, string? Purpose = null, string? PurposeName = null);
