using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Terminals;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// How a request is kept in line and how it ends: the guard in front of every step, the deadlines, and the end
/// itself, which wipes the state, records how it ended (kept and retried until the journal has it) and deactivates.
/// </summary>
public sealed partial class IssuanceRequestGrain
{
    // What the terminal's grain said when last asked (dropped when it tells of a change), the membership version it was
    // heard at, and how many changes it has told of (one told while it is being asked may be newer than the answer).
    private TerminalStatus? terminal;
    private MembershipVersion terminalHeardAt;
    private int terminalPushes;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A request never outlives its activation: if the silo takes it away, it ends here, wiped.
        if (session is not null) await EndAsync(RequestOutcome.Expired, "deactivated");
        // Its end not yet in the journal (the store is down): one last try; the register still holds it for the sweeper.
        else if (endRecord is not null && !endRecorded) await records.TryEndAsync(endRecord, attempts: 1);
    }

    private async Task CheckDeadlinesAsync(CancellationToken cancellationToken)
    {
        // A request whose challenge was never answered is reaped as soon as the challenge lapses, not at the step
        // deadline: a flood of starts that never authenticate leaves nothing alive for long.
        if (session is null) return;
        var now = time.GetUtcNow();
        if (session.Stage == RequestStage.Started && now > session.ChallengeExpiresAt) await EndAsync(RequestOutcome.Expired, ErrorCodes.ChallengeExpired);
        else if (now > session.ExpiresAt) await EndAsync(RequestOutcome.Expired, "timeout");
    }

    /// <summary>Checks that the request is alive, asked by its own terminal (still active), on time, and at one of the allowed stages.</summary>
    private async Task<RequestSession> GuardAsync(string terminalId, params RequestStage[] allowed)
    {
        if (endRecord is not null || session is null) throw RequestErrors.Gone();
        if (!string.Equals(terminalId, session.TerminalId, StringComparison.Ordinal))
        {
            RequestLog.TerminalMismatch(logger, RequestId, terminalId);
            throw new IssuanceException(ErrorCodes.TerminalMismatch, "This request belongs to another terminal.");
        }
        await EnsureTerminalActiveAsync(terminalId, session.Deadline - time.GetUtcNow());
        if (time.GetUtcNow() > session.ExpiresAt)
        {
            await EndAsync(RequestOutcome.Expired, "timeout");
            throw new IssuanceException(ErrorCodes.RequestExpired, "The request took too long and has been aborted; start again.") { RequestEnded = true };
        }
        if (allowed.Length > 0 && !allowed.Contains(session.Stage))
            throw RequestErrors.OutOfOrder($"This step is not allowed when the request is at stage {session.Stage}.");
        return session;
    }

    /// <summary>
    /// Throws unless the terminal is registered and not suspended, by what its grain said when last asked: at the start,
    /// and again after it told of a change (<see cref="TerminalChanged"/>) or a silo joined or left in between. Decided
    /// here, in the request's own grain, so no caller of the cluster can skip it.
    /// </summary>
    private async Task<TerminalStatus> EnsureTerminalActiveAsync(string terminalId, TimeSpan watchFor)
    {
        if (terminal is not { } status || admission.MembershipChangedSince(terminalHeardAt))
        {
            var pushes = terminalPushes;
            var (admitted, heardAt) = await admission.AdmitOnTerminalAsync(terminalId, RequestId, watchFor > TimeSpan.Zero ? watchFor : TimeSpan.FromSeconds(1));
            status = admitted;
            // Held only while active (a suspended terminal is asked at every step, and is not told to tell of its resumption),
            // and not when a change was told while the answer was on its way: this step goes by the answer, the next asks again.
            (terminal, terminalHeardAt) = (pushes == terminalPushes && admitted.Refusal() is null ? admitted : null, heardAt);
        }
        return status.Refusal() is { } refusal ? throw refusal : status;
    }

    public Task TerminalChanged()
    {
        // An ended request hears it too (the terminal does not track ends): it has nothing to apply it to, and is collected when idle.
        terminal = null;
        terminalPushes++;
        return Task.CompletedTask;
    }

    private void Advance(RequestSession current, RequestStage stage)
    {
        current.Stage = stage;
        current.StepDeadline = time.GetUtcNow() + limits.StepTimeout;
    }

    private async Task<IssuanceException> FailAuthenticationAsync(IssuanceException refusal)
    {
        await EndAsync(RequestOutcome.AuthenticationFailed, refusal.Code);
        return new IssuanceException(refusal.Code, refusal.Message) { NextOpening = refusal.NextOpening, RequestEnded = true };
    }

    /// <summary>The only way a request ends: wipe, then record (the record says the wipe happened), then deactivate.</summary>
    private async Task EndAsync(RequestOutcome outcome, string? failureCode, TerminalDeletion? terminalDeletion = null)
    {
        if (session is null) return;
        var current = session;
        session = null;
        deadlineTimer?.Dispose();
        deadlineTimer = null;
        var holder = current.Resident is { } resident ? await records.HolderPseudonymAsync(resident, current.IssuingMunicipalityCode) : null;
        // What the record says is taken before the wipe (which city issued it, for one); it is written only after.
        var ended = current.ToLifecycleRecord(RequestId, outcome, failureCode, time.GetUtcNow(), wiped: true);
        var (held, zeroed) = current.Wipe(time);
        var record = endRecord = ended with { Holder = holder, Held = held, Zeroed = zeroed, TerminalDeletion = terminalDeletion };
        RequestLog.Ended(logger, RequestId, record.TerminalId, outcome, failureCode);
        metrics.Ended(record);
        if (await records.TryEndAsync(record)) Recorded();
        else
        {
            // The store is down: the record (no personal data) stays here and is written as soon as it can be.
            deadlineTimer = this.RegisterGrainTimer(async _ =>
            {
                if (await records.TryEndAsync(record, attempts: 1)) Recorded();
            }, new GrainTimerCreationOptions(limits.SweepInterval, limits.SweepInterval) { KeepAlive = true });
        }
    }

    private void Recorded()
    {
        endRecorded = true;
        deadlineTimer?.Dispose();
        deadlineTimer = null;
        this.DeactivateOnIdle();
    }

    private static IssuanceException Refuse(RequestSession current, string refusal)
    {
        current.Refusals.Add(refusal);
        return new IssuanceException(RefusalCodes.ForTerminal(refusal), "This certificate cannot be issued at a store for this card holder.");
    }
}
