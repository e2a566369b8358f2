namespace CertOrleans.Kiosk;

// What the terminal API answers, as the kiosk reads it, and its refusals (KioskClient speaks them).

public sealed record StartedRequest(string RequestId, string Challenge, DateTimeOffset ChallengeExpiresAt);

/// <param name="MunicipalityCode">The issuing city when it is the holder's 本籍地 city rather than the kiosk's.</param>
/// <param name="Name">In the language the gateway answered in, as are <paramref name="RefusalMessage"/> and <paramref name="OptionLabels"/>.</param>
/// <param name="FiscalYears">A tax certificate's fiscal years to choose from, newest first.</param>
public sealed record Offer(string CertificateType, string Name, int Fee, bool AvailableNow, DateTimeOffset? NextOpening, string? RefusalCode = null, IReadOnlyList<string>? Options = null,
    string? MunicipalityCode = null, string? RefusalMessage = null, IReadOnlyDictionary<string, string>? OptionLabels = null, IReadOnlyList<int>? FiscalYears = null);

public sealed record HouseholdMember(string MemberId, string Name);

/// <summary>Another member of the holder's 戸籍, for a 戸籍個人事項証明書 (<see cref="KioskOptions.RegisterMember"/>); a refusal code says why not.</summary>
public sealed record RegisterMember(string MemberId, string Name, string Relationship, string? RefusalCode);

public sealed record AvailabilityInfo(string MunicipalityCode, string MunicipalityName, bool Open, string? ClosedReason, DateTimeOffset? NextOpening, IReadOnlyList<Offer> Offers,
    string? Notice = null, IReadOnlyList<AnnouncedMaintenance>? Announced = null, string? ClosedReasonText = null);

public sealed record AnnouncedMaintenance(DateTimeOffset Start, DateTimeOffset End, string Notice);

public sealed record Menu(string MunicipalityCode, string MunicipalityName, IReadOnlyList<Offer> Offers, IReadOnlyList<HouseholdMember> HouseholdMembers,
    DomicileStanding? Domicile = null, IReadOnlyList<RegisterMember>? RegisterMembers = null);

/// <param name="Status">not-registered, pending, approved, rejected, ended or other-card.</param>
public sealed record DomicileStanding(string MunicipalityCode, string MunicipalityName, string Status);

/// <summary>住民票 choices on the kiosk screen; for a tax certificate, the fiscal year (the latest when null); or whose 戸籍個人事項証明書
/// (<see cref="RegisterMember"/>, an id from <see cref="Menu.RegisterMembers"/>).</summary>
public sealed record KioskOptions(bool WholeHousehold = false, bool IncludeHouseholdHead = true, bool IncludePermanentDomicile = false, bool IncludeMyNumber = false,
    IReadOnlyList<string>? SelectedMembers = null, int? FiscalYear = null, bool IncludeCommonNameHistory = false, bool IncludePreviousAddress = false,
    bool IncludeLastChange = false)
{
    public string? RegisterMember { get; init; }
}

public sealed record OrderConfirmation(string CertificateType, int Copies, int Fee, int? FiscalYear = null);

public sealed record DeliveredDocument(string CertificateNumber, int PageCount, byte[] Pdf);

public sealed record KioskResult(string RequestId, Menu Menu, OrderConfirmation Order, DeliveredDocument Document, string Outcome, IReadOnlyDictionary<string, TimeSpan> Timings)
{
    public IReadOnlyList<HistoryItem>? History { get; init; }

    /// <summary>The printed PDF's spooled copy when the printer was told to keep it; otherwise it is gone.</summary>
    public string? PrintedFile { get; init; }
}

/// <summary>A visit to the history screen alone: the request it used, the history shown, and how the request ended (Cancelled).</summary>
public sealed record HistoryVisit(string RequestId, IReadOnlyList<HistoryItem> History, string Outcome);

/// <summary>What the terminal says of its own copies of a document when it confirms the print.</summary>
public sealed record TerminalDeletionStatement(bool Deleted, DateTimeOffset At, string Detail);

/// <summary>
/// One of the holder's past issuances (when, what, at which store operator, its number and how it ended), or (outcome
/// RecordsRead) a time the city read the holder's records, with the reader's role and stated purpose.
/// </summary>
public sealed record HistoryItem(DateTimeOffset EndedAt, string? CertificateType, string? CertificateName, string StoreOperator, string? CertificateNumber, string Outcome,
    string? ReadByRole = null, string? Purpose = null, string? PurposeName = null);

/// <summary>The gateway refused a step; <see cref="Code"/> is the stable problem code.</summary>
public sealed class KioskProblemException(string code, int status, string title, string? detail)
    : Exception($"{code} ({status}): {title}{(detail is null ? "" : $" — {detail}")}")
{
    public string Code { get; } = code;
    public int Status { get; } = status;
    public string Title { get; } = title;

    /// <summary>For service-closed: when the service opens next.</summary>
    public DateTimeOffset? NextOpening { get; init; }

    /// <summary>For a closed or stopped service: the notice to show (maintenance, or the operators' reason).</summary>
    public string? Notice { get; init; }

    /// <summary>The request the refusal ended (set by <see cref="KioskClient.RunAsync"/> when it cancelled it).</summary>
    public string? CancelledRequestId { get; set; }
}
