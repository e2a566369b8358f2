using System.Security.Cryptography;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Grains.Municipalities;
using CertOrleans.Grains.Time;
using CertOrleans.Pki;
using CertOrleans.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// One issuance request: its steps and the guard in front of each. Nothing here is shared with any other
/// request: the resident, the order and the document are fields of this activation, reached only through this
/// request's unguessable id and only from the terminal that started it. The card, the order rules, the data,
/// the document and the records are each decided by a collaborator beside this file. Every way a request ends
/// goes through <see cref="EndAsync"/>, which wipes the state, writes the lifecycle record and deactivates.
/// </summary>
public sealed partial class IssuanceRequestGrain(
    ServiceClock time,
    RequestAdmission admission,
    CardAuthenticator cards,
    CertificateSource data,
    DomicileIssuance domiciles,
    DocumentMaker documents,
    RequestRecorder records,
    IssuanceMetrics metrics,
    IOptions<RequestOptions> options,
    ILogger<IssuanceRequestGrain> logger) : Grain, IIssuanceRequestGrain
{
    private readonly RequestOptions limits = options.Value;
    private RequestSession? session;
    // Set when the request ends; kept until it is in the journal, so a retried confirmation hears the same answer.
    private LifecycleRecord? endRecord;
    private bool endRecorded;
    private IGrainTimer? deadlineTimer;

    private string RequestId => this.GetPrimaryKeyString();

    public async Task<ChallengeIssued> Start(StartRequest start)
    {
        if (endRecord is not null) throw RequestErrors.Gone();
        if (session is not null) throw RequestErrors.OutOfOrder("The request has already started.");
        var now = time.GetUtcNow();
        // The card's key until the session owns it: disposed however the start fails.
        CardPublicKey? unclaimed = null;
        try
        {
            string cardKey;
            Menu menu;
            try
            {
                // The cheap refusals first, and nothing written for them: the terminal, hours and municipality, the card's
                // certificate, the stop switches, the card's status. Anyone can send a card certificate (they are public).
                var admittedBy = await EnsureTerminalActiveAsync(start.TerminalId, limits.RequestTimeout);
                menu = await admission.EnsureOpenAsync(start.MunicipalityCode, now);
                (cardKey, unclaimed) = cards.Admit(start.CardCertificate);
                await admission.EnsureNotStoppedAsync(start.MunicipalityCode, null, admittedBy.StoreOperator);
                if ((await cards.HolderAsync(cardKey)).Refusal is { } refusal) throw refusal;
            }
            catch (IssuanceException refused)
            {
                RequestLog.Refused(logger, start.TerminalId, refused.Code);
                this.DeactivateOnIdle(); // nothing started: no state to keep
                throw;
            }

            var started = RequestSession.Begin(start, cardKey, unclaimed, now, limits);
            started.Menu = menu;
            // On the register before the kiosk hears of it: whatever happens to this silo now, the request ends on record.
            await records.OpenAsync(started.ToRegisterEntry(RequestId));
            session = started;
            unclaimed = null;
        }
        finally
        {
            unclaimed?.Dispose();
        }
        deadlineTimer = this.RegisterGrainTimer(CheckDeadlinesAsync, new GrainTimerCreationOptions(limits.SweepInterval, limits.SweepInterval) { KeepAlive = true });

        RequestLog.Started(logger, RequestId, start.TerminalId);
        return new ChallengeIssued(session.Challenge.ToArray(), session.ChallengeExpiresAt);
    }

    public async Task<AuthenticatedSession> Authenticate(string terminalId, byte[] signature)
    {
        var current = await GuardAsync(terminalId);
        if (current.Stage != RequestStage.Started)
            throw new IssuanceException(ErrorCodes.ChallengeUsed, "The challenge of this request has already been answered.");
        // The time and the date in Japan, taken once for the whole step.
        var now = time.GetUtcNow();
        var today = ServiceCalendar.DateOf(now);
        if (now > current.ChallengeExpiresAt)
            throw await FailAuthenticationAsync(new IssuanceException(ErrorCodes.ChallengeExpired, "The challenge has expired; start again."));
        if (!CardAuthenticator.AnswersChallenge(current.CardPublicKey, RequestId, current.Challenge, signature))
            throw await FailAuthenticationAsync(new IssuanceException(ErrorCodes.SignatureInvalid, "The card's signature does not verify."));
        // The challenge is single use whatever happens next.
        CryptographicOperations.ZeroMemory(current.Challenge);

        // Revocation may have happened since Start.
        var (resident, refusal) = await cards.HolderAsync(current.CardKey);
        if (refusal is not null) throw await FailAuthenticationAsync(refusal);
        if (resident.MunicipalityCode != current.MunicipalityCode)
            throw await FailAuthenticationAsync(new IssuanceException(ErrorCodes.MunicipalityMismatch, "The card holder is not registered in the municipality chosen at the kiosk."));
        // The menu as read at the start, seconds ago: the order reads the city's terms again.
        var menu = current.Menu!;
        if (await data.MenuViewAsync(resident, menu, today) is not { } view)
            throw await FailAuthenticationAsync(new IssuanceException(ErrorCodes.ResidentUnknown, "No registry data is available for this card holder."));

        current.Resident = resident;
        Advance(current, RequestStage.Authenticated);
        return await SessionAsync(current, menu, view, now, today);
    }

    public async Task<AuthenticatedSession> RegisterDomicile(string terminalId)
    {
        var current = await GuardAsync(terminalId, RequestStage.Authenticated);
        var now = time.GetUtcNow();
        var today = ServiceCalendar.DateOf(now);
        var standing = await domiciles.StandingAsync(current.Resident!.Value, current.CardKey, now, today)
            ?? throw new IssuanceException(Contracts.Domiciles.DomicileReasons.NoDomicile, "The card holder's 本籍 is in no other municipality that takes registrations here.");
        await GrainFactory.GetGrain<Contracts.Domiciles.IDomicileRegistrationGrain>(Contracts.Domiciles.DomicileRegistrationKeys.For(current.Resident.Value))
            .Apply(current.CardKey, standing.MunicipalityCode, standing.Particulars);
        Advance(current, RequestStage.Authenticated);
        var menu = await admission.MenuAsync(current.MunicipalityCode, now)
            ?? throw new IssuanceException(ErrorCodes.MunicipalityNotServed, "The card holder's municipality is not served by this issuance server.");
        var view = await data.MenuViewAsync(current.Resident.Value, menu, today)
            ?? throw new IssuanceException(ErrorCodes.ResidentUnknown, "No registry data is available for this card holder.");
        return await SessionAsync(current, menu, view, now, today);
    }

    /// <summary>The menu for the authenticated holder: their city's offers, their household, and their 本籍地 city's standing and offers.</summary>
    private async Task<AuthenticatedSession> SessionAsync(RequestSession current, Menu menu, ResidentMenuView view, DateTimeOffset now, DateOnly today)
    {
        var resident = current.Resident!.Value;
        var offers = CertificateSource.OffersFor(menu, view);
        var members = await data.HouseholdMembersAsync(resident, view, today);
        current.HouseholdMemberIds.Clear();
        for (var i = 0; i < members.Count; i++) current.HouseholdMemberIds[$"m{i + 1}"] = members[i].Key;
        // The other members of their 戸籍, by their place in it: the id names no one, and only this request knows it.
        var registerMembers = await data.RegisterMembersAsync(resident, view);
        current.RegisterMemberIds.Clear();
        foreach (var member in registerMembers) current.RegisterMemberIds[$"r{member.Reference.Index + 1}"] = member.Reference;
        var domicile = await domiciles.StandingAsync(resident, current.CardKey, now, today, view.ForDomicile);
        return new AuthenticatedSession(menu.MunicipalityCode, menu.MunicipalityName, [.. offers, .. domicile?.Offers ?? []],
            members.Select((member, i) => new HouseholdMemberChoice($"m{i + 1}", member.FullName)).ToList(), domicile?.View(current.CardKey),
            registerMembers.Select(m => new RegisterMemberChoice($"r{m.Reference.Index + 1}", m.Name, m.Relationship,
                m.RefusalCode is { } refusal ? RefusalCodes.ForTerminal(refusal) : null)).ToList());
    }

    public async Task<OrderAccepted> Order(string terminalId, PlaceOrder order)
    {
        var current = await GuardAsync(terminalId, RequestStage.Authenticated);
        var type = OrderRules.TypeOf(order);
        var now = time.GetUtcNow();
        var today = ServiceCalendar.DateOf(now);
        // Another city's certificate only through the holder's registration with it, made with this card.
        DomicileIssue? domicile = null;
        if (order.MunicipalityCode is { } issuing && issuing != current.MunicipalityCode)
        {
            var standing = await domiciles.StandingAsync(current.Resident!.Value, current.CardKey, now, today);
            domicile = standing?.MunicipalityCode == issuing && type.IsFamilyRegister() ? standing.IssueFor(current.CardKey) : null;
            if (domicile is null) throw Refuse(current, RefusalCodes.DomicileNotRegistered);
        }
        // The configuration is read now: a fee or hours change made a moment ago applies to this order.
        if (await admission.OrderableAsync(domicile?.MunicipalityCode ?? current.MunicipalityCode, type, now) is not ({ } municipality, var fee))
            throw Refuse(current, RefusalCodes.NotOffered);
        var options = order.Options ?? CertificateOptions.Default;
        OrderRules.CheckOptions(type, options, municipality, current.HouseholdMemberIds, current.RegisterMemberIds, domicile is not null);
        var registerMember = options.RegisterMember is { } memberId ? current.RegisterMemberIds[memberId] : null;
        // A tax certificate is of one fiscal year: the one chosen, else the latest the city offers today.
        var tax = type.IsTax() ? municipality.TaxPolicy.TermsOn(today) : null;
        if (tax is not null) options = options with { FiscalYear = options.FiscalYear ?? tax.Latest };

        // Eligibility now, so the resident is refused before paying; the data itself is read when the document is made.
        var refusal = OrderRules.IsHouseholdCertificate(options) || domicile is not null || registerMember is not null || tax is not null
            ? (await data.GatherAsync(current.Resident!.Value, type, options, today, current.HouseholdMemberIds, domicile, registerMember: registerMember, tax: tax)).Refusal
            : (await data.RefusalsAsync(current.Resident!.Value, [type], today))[type];
        if (refusal is not null) throw Refuse(current, refusal);

        current.Tax = tax;
        current.Domicile = domicile;
        current.Municipality = municipality;
        current.Options = options;
        current.CertificateType = type;
        current.Copies = order.Copies;
        current.Fee = fee * order.Copies;
        Advance(current, RequestStage.Ordered);
        return new OrderAccepted(type.Code(), order.Copies, current.Fee.Value, options.FiscalYear);
    }

    public async Task<PaymentAccepted> Pay(string terminalId, RecordPayment payment)
    {
        var current = await GuardAsync(terminalId, RequestStage.Ordered, RequestStage.Paid, RequestStage.DocumentDelivered);
        if (current.Stage != RequestStage.Ordered)
        {
            // The same payment again (the kiosk did not hear the answer) gets the same answer; any other is out of order.
            if (payment.PaymentReference == current.PaymentReference && payment.Amount == current.Fee) return new PaymentAccepted(payment.Amount);
            throw RequestErrors.OutOfOrder($"This request has already been paid (stage {current.Stage}).");
        }
        if (payment.Amount != current.Fee)
            throw new IssuanceException(ErrorCodes.PaymentAmountMismatch, $"The payment must be exactly the fee of {current.Fee} yen.");
        // The payment is on record before the kiosk is told it was accepted.
        await records.UpdateAsync(current.ToRegisterEntry(RequestId) with { Paid = true, Stage = RequestStage.Paid });
        current.Paid = true;
        current.PaymentReference = payment.PaymentReference;
        Advance(current, RequestStage.Paid);
        return new PaymentAccepted(payment.Amount);
    }

    public async Task<IssuedDocument> GetDocument(string terminalId)
    {
        var current = await GuardAsync(terminalId, RequestStage.Paid, RequestStage.DocumentDelivered);
        if (current.Document is null)
        {
            var (made, failure) = await documents.MakeAsync(RequestId, current);
            if (failure is not null)
            {
                if (failure != ErrorCodes.DocumentBindingFailed) current.Refusals.Add(failure);
                await EndAsync(RequestOutcome.PrintFailed, failure);
                throw failure == ErrorCodes.DocumentBindingFailed ? RequestErrors.BindingFailed() : RequestErrors.NoLongerIssuable();
            }
            current.CertificateNumber = made!.CertificateNumber;
            current.Document = made;
        }

        // Checked before every release: this document was made for this request, this resident and this number.
        var document = current.Document;
        if (document.RequestId != RequestId || document.Resident != current.Resident || document.CertificateNumber != current.CertificateNumber)
        {
            await EndAsync(RequestOutcome.PrintFailed, ErrorCodes.DocumentBindingFailed);
            throw RequestErrors.BindingFailed();
        }
        if (current.Stage != RequestStage.DocumentDelivered)
            await records.UpdateAsync(current.ToRegisterEntry(RequestId) with { Stage = RequestStage.DocumentDelivered });
        Advance(current, RequestStage.DocumentDelivered);
        return new IssuedDocument(document.CertificateNumber, document.PageCount, current.Copies, document.Pdf.ToArray(), document.Sha256);
    }

    public async Task<RequestEnded> ConfirmPrint(string terminalId, PrintReport report)
    {
        if (session is null)
        {
            // A confirmation already recorded, sent again because the kiosk did not hear the answer: the recorded answer.
            var recorded = endRecord ?? await records.FindEndAsync(RequestId);
            if (endRecord is null) this.DeactivateOnIdle();
            if (recorded is { Outcome: RequestOutcome.Printed or RequestOutcome.PrintFailed } && recorded.TerminalId == terminalId
                && recorded.CertificateNumber == report.CertificateNumber && (recorded.Outcome == RequestOutcome.Printed) == report.Printed)
                return new RequestEnded(recorded.Outcome);
        }
        var current = await GuardAsync(terminalId, RequestStage.DocumentDelivered);
        if (report.CertificateNumber != current.CertificateNumber)
        {
            // The terminal printed something else than it was given: an anomaly, recorded as such.
            await EndAsync(RequestOutcome.PrintFailed, ErrorCodes.CertificateNumberMismatch);
            throw new IssuanceException(ErrorCodes.CertificateNumberMismatch, "The printed certificate number is not the one issued for this request.");
        }
        var outcome = report.Printed ? RequestOutcome.Printed : RequestOutcome.PrintFailed;
        await EndAsync(outcome, report.Printed ? null : "print-failed", report.Deletion);
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

    public async Task<IReadOnlyList<Contracts.Journal.IssuanceHistoryItem>> GetHistory(string terminalId)
    {
        var current = await GuardAsync(terminalId);
        if (current.Resident is not { } holder) throw RequestErrors.OutOfOrder("The card holder's history is shown after the card is authenticated.");
        var own = await GrainFactory.GetGrain<Contracts.Journal.IJournalGrain>(Contracts.Journal.JournalNames.For(holder.MunicipalityCode)).History(holder);
        // What their 本籍地 city issued them is in that city's journal, under their pseudonym there.
        if (await GrainFactory.GetGrain<Contracts.Domiciles.IDomicileRegistrationGrain>(Contracts.Domiciles.DomicileRegistrationKeys.For(holder)).Get() is not { } registration)
            return own;
        var domicile = await GrainFactory.GetGrain<Contracts.Journal.IJournalGrain>(Contracts.Journal.JournalNames.For(registration.DomicileCode)).History(holder);
        return [.. own.Concat(domicile).OrderByDescending(item => item.EndedAt)];
    }
}
