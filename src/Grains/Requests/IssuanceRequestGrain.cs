using CertOrleans.Grains.Hosting;
using System.Data.Common;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Grains.Documents;
using CertOrleans.Grains.Lifecycle;
using CertOrleans.Grains.Municipalities;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Pki;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// One issuance request. Nothing here is shared with any other request: the resident, the order and the
/// document are fields of this activation, reached only through this request's unguessable id and only
/// from the terminal that started it. Every way a request ends goes through <see cref="EndAsync"/>, which
/// wipes the state, writes the lifecycle record and deactivates; a timeout aborts the whole request.
/// </summary>
public sealed partial class IssuanceRequestGrain(
    ServiceClock time,
    ILifecycleJournal journal,
    IssuanceMetrics metrics,
    IOptions<RequestOptions> options,
    ILogger<IssuanceRequestGrain> logger) : Grain, IIssuanceRequestGrain
{
    public const int MaxCopies = 3;

    private readonly RequestOptions limits = options.Value;
    private RequestSession? session;
    private bool ended;
    private IGrainTimer? deadlineTimer;

    private string RequestId => this.GetPrimaryKeyString();

    public async Task<ChallengeIssued> Start(StartRequest start)
    {
        if (ended) throw Gone();
        if (session is not null) throw OutOfOrder("The request has already started.");

        var now = time.GetUtcNow();
        string cardKey;
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(start.CardCertificate);
            cardKey = CardKeys.ForSerial(certificate.SerialNumber);
        }
        catch (CryptographicException)
        {
            throw new IssuanceException(ErrorCodes.CardCertificateInvalid, "The card certificate cannot be read.");
        }

        var started = new RequestSession
        {
            TerminalId = start.TerminalId,
            StartedAt = now,
            Deadline = now + limits.RequestTimeout,
            StepDeadline = now + limits.StepTimeout,
            MunicipalityCode = start.MunicipalityCode,
            CardCertificate = start.CardCertificate.ToArray(),
            CardKey = cardKey,
            Challenge = RandomNumberGenerator.GetBytes(CardAuthenticationProtocol.ChallengeBytes),
            ChallengeExpiresAt = now + limits.ChallengeLifetime,
        };
        // On the register before the kiosk hears of it: whatever happens to this silo now, the request ends on record.
        await WriteRegisterAsync(() => journal.OpenAsync(Register(started)));
        session = started;
        deadlineTimer = this.RegisterGrainTimer(CheckDeadlinesAsync, new GrainTimerCreationOptions(limits.SweepInterval, limits.SweepInterval) { KeepAlive = true });

        var terminal = await GrainFactory.GetGrain<ITerminalGrain>(start.TerminalId).GetStatus();
        var switches = await GrainFactory.GetGrain<IServiceSwitchGrain>(0).Get();
        if (switches.Stops(start.MunicipalityCode, null, terminal.StoreOperator))
            throw await FailAuthenticationAsync(ErrorCodes.ServiceStopped, "Issuance has been stopped for this municipality or store operator.");

        var card = await GrainFactory.GetGrain<ICardGrain>(cardKey).GetStatus();
        if (!card.Known) throw await FailAuthenticationAsync(ErrorCodes.CardUnknown, "This card is not registered for this service.");
        if (card.Revoked) throw await FailAuthenticationAsync(ErrorCodes.CardRevoked, "This card has been revoked.");

        LogStarted(logger, RequestId, start.TerminalId);
        return new ChallengeIssued(session.Challenge.ToArray(), session.ChallengeExpiresAt);
    }

    public async Task<AuthenticatedSession> Authenticate(string terminalId, byte[] signature)
    {
        var current = await GuardAsync(terminalId);
        if (current.Stage != RequestStage.Started)
            throw new IssuanceException(ErrorCodes.ChallengeUsed, "The challenge of this request has already been answered.");
        var now = time.GetUtcNow();
        if (now > current.ChallengeExpiresAt)
            throw await FailAuthenticationAsync(ErrorCodes.ChallengeExpired, "The challenge has expired; start again.");

        using (var certificate = X509CertificateLoader.LoadCertificate(current.CardCertificate))
        {
            var payload = CardAuthenticationProtocol.SignedPayload(RequestId, current.Challenge);
            if (!CardAuthenticationProtocol.Verify(certificate, payload, signature))
                throw await FailAuthenticationAsync(ErrorCodes.SignatureInvalid, "The card's signature does not verify.");
        }
        // The challenge is single use whatever happens next.
        CryptographicOperations.ZeroMemory(current.Challenge);

        // Revocation may have happened since Start.
        var card = await GrainFactory.GetGrain<ICardGrain>(current.CardKey).GetStatus();
        if (!card.Known || card.Resident is not { } resident)
            throw await FailAuthenticationAsync(ErrorCodes.CardUnknown, "This card is not registered for this service.");
        if (card.Revoked) throw await FailAuthenticationAsync(ErrorCodes.CardRevoked, "This card has been revoked.");

        if (resident.MunicipalityCode != current.MunicipalityCode)
            throw await FailAuthenticationAsync(ErrorCodes.MunicipalityMismatch, "The card holder is not registered in the municipality chosen at the kiosk.");
        var municipality = await Municipality(current).Get();
        if (municipality is null)
            throw await FailAuthenticationAsync(ErrorCodes.MunicipalityNotServed, "The card holder's municipality is not served by this issuance server.");
        if (!await GrainFactory.GetGrain<IResidentGrain>(resident.GrainKey).Exists())
            throw await FailAuthenticationAsync(ErrorCodes.ResidentUnknown, "No registry data is available for this card holder.");

        current.Resident = resident;
        Advance(current, RequestStage.Authenticated);
        var offers = await OffersAsync(current, municipality);
        return new AuthenticatedSession(resident.MunicipalityCode, municipality.Name, offers, await HouseholdChoicesAsync(current));
    }

    /// <summary>The menu for this card holder: each offered type, open or not, orderable by them or not, and its options.</summary>
    private async Task<IReadOnlyList<CertificateOffer>> OffersAsync(RequestSession current, MunicipalityConfiguration municipality)
    {
        var today = JapaneseDates.TodayInJapan(time);
        var now = time.GetUtcNow();
        var offered = CertificateTypes.All.Where(t => municipality.Fees.ContainsKey(t.Code())).ToList();
        // The configuration in hand answers "open now?"; the registry checks go out together, not one after another.
        var refusals = await Task.WhenAll(offered.Select(async type => (await PrepareAsync(current.Resident!.Value, type, CertificateOptions.Default, today)).Refusal));
        return offered.Select((type, i) =>
        {
            var availability = ServiceCalendar.Check(municipality, type.IsFamilyRegister(), now);
            IReadOnlyList<string> options = type switch
            {
                CertificateType.ResidentRecordCopy => municipality.MyNumberPrintable
                    ? ["wholeHousehold", "selectedMembers", "includeHouseholdHead", "includePermanentDomicile", "includeMyNumber"]
                    : ["wholeHousehold", "selectedMembers", "includeHouseholdHead", "includePermanentDomicile"],
                _ => [],
            };
            return new CertificateOffer(type.Code(), type.JapaneseName(), municipality.Fees[type.Code()], availability.Open, availability.NextOpening,
                refusals[i] is { } refusal ? RefusalCodes.ForTerminal(refusal) : null, options);
        }).ToList();
    }

    /// <summary>
    /// The household's current members under per-request ids, for a 住民票 of chosen members. Members under
    /// support measures are never listed.
    /// </summary>
    private async Task<IReadOnlyList<HouseholdMemberChoice>> HouseholdChoicesAsync(RequestSession current)
    {
        var (_, applicant, household) = await PrepareAsync(current.Resident!.Value, CertificateType.ResidentRecordCopy, new CertificateOptions(WholeHousehold: true), JapaneseDates.TodayInJapan(time));
        if (applicant is null) return [];
        var choices = new List<HouseholdMemberChoice>();
        foreach (var member in household)
        {
            var id = $"m{choices.Count + 1}";
            current.HouseholdMemberIds[id] = member.Key;
            choices.Add(new HouseholdMemberChoice(id, member.FullName));
        }
        return choices;
    }

    private IMunicipalityGrain Municipality(RequestSession current) =>
        GrainFactory.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(current.MunicipalityCode));

    public async Task<OrderAccepted> Order(string terminalId, PlaceOrder order)
    {
        var current = await GuardAsync(terminalId, RequestStage.Authenticated);
        if (!CertificateTypes.TryParse(order.CertificateType, out var type))
            throw new IssuanceException(ErrorCodes.CertificateTypeUnknown, $"Unknown certificate type '{order.CertificateType}'.");
        if (order.Copies is < 1 or > MaxCopies)
            throw new IssuanceException(ErrorCodes.CopiesOutOfRange, $"Copies must be between 1 and {MaxCopies}.");
        // The configuration is read now: a fee or hours change made a moment ago applies to this order.
        var municipality = await Municipality(current).Get();
        if (municipality is null || !municipality.Fees.TryGetValue(type.Code(), out var fee))
            throw Refuse(current, RefusalCodes.NotOffered);
        if ((await GrainFactory.GetGrain<IServiceSwitchGrain>(0).Get()).Stops(current.MunicipalityCode, type.Code(), null))
            throw new IssuanceException(ErrorCodes.ServiceStopped, "Issuance of this certificate has been stopped.");
        var availability = await Municipality(current).GetAvailability(type.Code(), time.GetUtcNow());
        if (!availability.Open)
            throw new IssuanceException(ErrorCodes.ServiceClosed, $"This certificate is not available now ({availability.ClosedReason}).") { NextOpening = availability.NextOpening };

        var options = order.Options ?? CertificateOptions.Default;
        if (!type.IsResidentRecord() && options != CertificateOptions.Default)
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "Options apply to 住民票 only.");
        if ((options.WholeHousehold || options.ChosenMembers) && type != CertificateType.ResidentRecordCopy)
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "A household certificate is a 住民票の写し.");
        if (options.ChosenMembers && options.SelectedMembers!.Any(id => !current.HouseholdMemberIds.ContainsKey(id)))
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "selectedMembers must be member ids from this request's menu.");
        if (options.IncludeMyNumber && !municipality.MyNumberPrintable)
            throw new IssuanceException(ErrorCodes.OptionNotAllowed, "This municipality does not print 個人番号 at stores.");

        // Eligibility now, so the resident is refused before paying; the data itself is read again when the document is made.
        var (refusal, _, _) = await PrepareAsync(current.Resident!.Value, type, options, JapaneseDates.TodayInJapan(time), current.HouseholdMemberIds);
        if (refusal is not null) throw Refuse(current, refusal);

        current.Municipality = municipality;
        current.Options = options;
        current.CertificateType = type;
        current.Copies = order.Copies;
        current.Fee = fee * order.Copies;
        Advance(current, RequestStage.Ordered);
        return new OrderAccepted(type.Code(), order.Copies, current.Fee.Value);
    }

    /// <summary>
    /// The applicant's data (and, for a household certificate, every current member's) or the first refusal.
    /// Members removed from the household (消除者) are left out; a member about to move out, or under
    /// support measures, stops the household certificate.
    /// </summary>
    private async Task<(string? Refusal, CertificatePreparation? Applicant, IReadOnlyList<ResidentRecord> Household)> PrepareAsync(
        ResidentKey resident, CertificateType type, CertificateOptions options, DateOnly issueDate, IReadOnlyDictionary<string, ResidentKey>? memberIds = null)
    {
        var applicant = await GrainFactory.GetGrain<IResidentGrain>(resident.GrainKey).Prepare(type, issueDate);
        if (applicant.RefusalCode is { } refusal) return (refusal, null, []);
        var record = applicant.Data!;
        if (type.IsFamilyRegister())
        {
            var register = await GrainFactory.GetGrain<IFamilyRegisterGrain>(FamilyRegisterKeys.For(resident.MunicipalityCode, record.FamilyRegisterNumber!)).Prepare(resident);
            if (register.RefusalCode is { } registerRefusal) return (registerRefusal, null, []);
            return (null, applicant with { FamilyRegister = register.FamilyRegister }, [record]);
        }
        if (!(options.WholeHousehold || options.ChosenMembers) || record.HouseholdNumber is null) return (null, applicant, [record]);

        var keys = await GrainFactory.GetGrain<IHouseholdGrain>(HouseholdKeys.For(resident.MunicipalityCode, record.HouseholdNumber)).GetMembers();
        var members = await Task.WhenAll(keys.Where(k => k != resident).Select(k => GrainFactory.GetGrain<IResidentGrain>(k.GrainKey).PrepareAsHouseholdMember(issueDate)));
        if (members.FirstOrDefault(m => m.RefusalCode is not null) is { RefusalCode: { } memberRefusal }) return (memberRefusal, null, []);
        var household = members.Select(m => m.Data!)
            .Where(m => m.Status == ResidencyStatus.Resident && m.HouseholdNumber == record.HouseholdNumber)
            .Append(record)
            .OrderBy(m => m.Relationship == "世帯主" ? 0 : 1).ThenBy(m => m.DateOfBirth)
            .ToList();
        if (options.ChosenMembers)
        {
            var chosen = options.SelectedMembers!.Select(id => memberIds![id]).ToHashSet();
            household = household.Where(m => chosen.Contains(m.Key)).ToList();
        }
        return (null, applicant, household);
    }

    public async Task<PaymentAccepted> Pay(string terminalId, RecordPayment payment)
    {
        var current = await GuardAsync(terminalId, RequestStage.Ordered);
        if (payment.Amount != current.Fee)
            throw new IssuanceException(ErrorCodes.PaymentAmountMismatch, $"The payment must be exactly the fee of {current.Fee} yen.");
        // The payment is on record before the kiosk is told it was accepted.
        await WriteRegisterAsync(() => journal.UpdateAsync(Register(current) with { Paid = true, Stage = RequestStage.Paid }));
        current.Paid = true;
        Advance(current, RequestStage.Paid);
        return new PaymentAccepted(payment.Amount);
    }

    public async Task<IssuedDocument> GetDocument(string terminalId)
    {
        var current = await GuardAsync(terminalId, RequestStage.Paid, RequestStage.DocumentDelivered);
        if (current.Document is null)
        {
            var resident = current.Resident!.Value;
            var issueDate = JapaneseDates.TodayInJapan(time);
            // Read the registry data again: a change that arrived after the order (death, move-out, new address) wins.
            var certificateType = current.CertificateType!.Value;
            var (refusal, preparation, household) = await PrepareAsync(resident, certificateType, current.Options, issueDate, current.HouseholdMemberIds);
            if (refusal is not null)
            {
                current.Refusals.Add(refusal);
                await EndAsync(RequestOutcome.PrintFailed, refusal);
                throw new IssuanceException(ErrorCodes.CertificateRefused, "The certificate can no longer be issued; the fee will be refunded.");
            }
            if (preparation!.Data!.Key != resident || household.Any(m => m.HouseholdNumber != preparation.Data.HouseholdNumber))
            {
                await EndAsync(RequestOutcome.PrintFailed, ErrorCodes.DocumentBindingFailed);
                throw BindingFailed();
            }
            current.CertificateNumber = CertificateNumbers.New(resident.MunicipalityCode, issueDate);
            var issuedAt = time.GetUtcNow();
            var number = current.CertificateNumber;
            var keys = GrainFactory.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(resident.MunicipalityCode));
            var rendered = await CertificateRenderer.RenderAsync(
                new CertificateContent(RequestId, resident, certificateType, current.Options, number, issueDate, current.Copies, current.Municipality!, preparation, household),
                digest => keys.SignVerificationCode(number, certificateType.Code(), issuedAt, digest));
            current.Document = rendered;
        }

        // Checked before every release: this document was made for this request, this resident and this number.
        var document = current.Document;
        if (document.RequestId != RequestId || document.Resident != current.Resident || document.CertificateNumber != current.CertificateNumber)
        {
            await EndAsync(RequestOutcome.PrintFailed, ErrorCodes.DocumentBindingFailed);
            throw BindingFailed();
        }
        if (current.Stage != RequestStage.DocumentDelivered)
            await WriteRegisterAsync(() => journal.UpdateAsync(Register(current) with { Stage = RequestStage.DocumentDelivered }));
        Advance(current, RequestStage.DocumentDelivered);
        return new IssuedDocument(document.CertificateNumber, document.PageCount, current.Copies, document.Pdf.ToArray(), document.Sha256);
    }

    public async Task<RequestEnded> ConfirmPrint(string terminalId, PrintReport report)
    {
        var current = await GuardAsync(terminalId, RequestStage.DocumentDelivered);
        if (report.CertificateNumber != current.CertificateNumber)
        {
            // The terminal printed something else than it was given: an anomaly, recorded as such.
            await EndAsync(RequestOutcome.PrintFailed, ErrorCodes.CertificateNumberMismatch);
            throw new IssuanceException(ErrorCodes.CertificateNumberMismatch, "The printed certificate number is not the one issued for this request.");
        }
        var outcome = report.Printed ? RequestOutcome.Printed : RequestOutcome.PrintFailed;
        await EndAsync(outcome, report.Printed ? null : "print-failed");
        return new RequestEnded(outcome);
    }

    public async Task<RequestEnded> Cancel(string terminalId)
    {
        await GuardAsync(terminalId, RequestStage.Started, RequestStage.Authenticated, RequestStage.Ordered, RequestStage.Paid);
        await EndAsync(RequestOutcome.Cancelled, null);
        return new RequestEnded(RequestOutcome.Cancelled);
    }

    public async Task<RequestStatus> GetStatus(string terminalId)
    {
        var current = await GuardAsync(terminalId);
        return new RequestStatus(current.Stage, current.ExpiresAt);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A request never outlives its activation: if the silo takes it away, it ends here, wiped.
        if (session is not null) await EndAsync(RequestOutcome.Expired, "deactivated");
    }

    private async Task CheckDeadlinesAsync(CancellationToken cancellationToken)
    {
        if (session is null) return;
        // An unanswered challenge stops being accepted after its lifetime (Authenticate checks that);
        // the abandoned request itself is reaped at the step deadline, like any other stalled step.
        if (time.GetUtcNow() > session.ExpiresAt)
            await EndAsync(RequestOutcome.Expired, "timeout");
    }

    /// <summary>Checks that the request is alive, asked by its own terminal, on time, and at one of the allowed stages.</summary>
    private async Task<RequestSession> GuardAsync(string terminalId, params RequestStage[] allowed)
    {
        if (ended || session is null) throw Gone();
        if (!string.Equals(terminalId, session.TerminalId, StringComparison.Ordinal))
        {
            LogTerminalMismatch(logger, RequestId, terminalId);
            throw new IssuanceException(ErrorCodes.TerminalMismatch, "This request belongs to another terminal.");
        }
        if (time.GetUtcNow() > session.ExpiresAt)
        {
            await EndAsync(RequestOutcome.Expired, "timeout");
            throw new IssuanceException(ErrorCodes.RequestExpired, "The request took too long and has been aborted; start again.");
        }
        if (allowed.Length > 0 && !allowed.Contains(session.Stage))
            throw OutOfOrder($"This step is not allowed when the request is at stage {session.Stage}.");
        return session;
    }

    private void Advance(RequestSession current, RequestStage stage)
    {
        current.Stage = stage;
        current.StepDeadline = time.GetUtcNow() + limits.StepTimeout;
    }

    private async Task<IssuanceException> FailAuthenticationAsync(string code, string message)
    {
        await EndAsync(RequestOutcome.AuthenticationFailed, code);
        return new IssuanceException(code, message);
    }

    private static IssuanceException Refuse(RequestSession current, string refusal)
    {
        current.Refusals.Add(refusal);
        return new IssuanceException(RefusalCodes.ForTerminal(refusal), "This certificate cannot be issued at a store for this card holder.");
    }

    /// <summary>The only way a request ends: wipe, then record (the record says the wipe happened), then deactivate.</summary>
    private async Task EndAsync(RequestOutcome outcome, string? failureCode)
    {
        if (session is null) return;
        var current = session;
        session = null;
        ended = true;
        deadlineTimer?.Dispose();
        deadlineTimer = null;
        current.Wipe();
        var record = current.ToLifecycleRecord(RequestId, outcome, failureCode, time.GetUtcNow(), wiped: true);
        LogEnded(logger, RequestId, record.TerminalId, outcome, failureCode);
        metrics.Ended(record);
        this.DeactivateOnIdle();
        // The state is gone already; the record must still be written, so a database restart is waited out
        // (briefly). If it never comes back, the register still holds the request and the sweeper closes it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await journal.EndAsync(record))
                {
                    // The sweeper closed it first (expired): only possible if clocks disagree by more than the grace.
                    if (outcome == RequestOutcome.Printed) LogPrintedAfterSweep(logger, RequestId);
                    else LogAlreadyClosed(logger, RequestId);
                }
                return;
            }
            catch (DbException ex) when (attempt < 5)
            {
                LogJournalRetry(logger, RequestId, attempt, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }

    private OpenRequest Register(RequestSession current) => new(
        RequestId, current.TerminalId, current.MunicipalityCode, current.CertificateType?.Code(), current.Fee, current.Paid,
        current.CertificateNumber, current.Stage, current.StartedAt, current.Deadline);

    /// <summary>A register write that fails leaves the request as it was and tells the kiosk to try again.</summary>
    private async Task WriteRegisterAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (DbException ex)
        {
            LogRegisterUnavailable(logger, RequestId, ex.GetType().Name);
            throw new IssuanceException(ErrorCodes.StoreUnavailable, "The issuance records cannot be written just now; try again shortly.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} had already been closed by the sweeper; its end was not recorded twice")]
    private static partial void LogAlreadyClosed(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} was printed after the sweeper had recorded it expired: check the silos' clocks (the record says expired and the fee is refunded)")]
    private static partial void LogPrintedAfterSweep(ILogger logger, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: lifecycle record not written (attempt {Attempt}, {Error}); retrying")]
    private static partial void LogJournalRetry(ILogger logger, string requestId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: the request register cannot be written ({Error})")]
    private static partial void LogRegisterUnavailable(ILogger logger, string requestId, string error);

    private static IssuanceException Gone() => new(ErrorCodes.RequestGone, "This request has ended or does not exist.");

    private static IssuanceException OutOfOrder(string message) => new(ErrorCodes.StepOutOfOrder, message);

    private static IssuanceException BindingFailed() =>
        new(ErrorCodes.DocumentBindingFailed, "The document failed its binding check and was not released; the fee will be refunded.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} started at terminal {TerminalId}")]
    private static partial void LogStarted(ILogger logger, string requestId, string terminalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} touched by terminal {TerminalId}, which did not start it")]
    private static partial void LogTerminalMismatch(ILogger logger, string requestId, string terminalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} at terminal {TerminalId} ended {Outcome} ({FailureCode}); state wiped")]
    private static partial void LogEnded(ILogger logger, string requestId, string terminalId, RequestOutcome outcome, string? failureCode);
}
