using System.Data.Common;
using CertOrleans.Contracts.Requests;
using CertOrleans.Storage.Journal;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Requests;

/// <summary>
/// Puts a request on record: on the register while it lives (opened before the kiosk hears of it, updated
/// before a payment or a document is acknowledged), in the lifecycle journal when it ends. A register write
/// that fails refuses the step; the end record is retried through a database restart.
/// </summary>
public sealed class RequestRecorder(ILifecycleJournal journal, IGrainFactory grains, ILogger<RequestRecorder> logger)
{
    public Task OpenAsync(OpenRequest entry) => WriteRegisterAsync(entry.RequestId, () => journal.OpenAsync(entry));

    public Task UpdateAsync(OpenRequest entry) => WriteRegisterAsync(entry.RequestId, () => journal.UpdateAsync(entry));

    /// <summary>
    /// Writes the end record, waiting out a database restart briefly. False when it could not be written yet: the
    /// caller keeps the record (it holds no personal data) and tries again until it lands, never recording
    /// anything else in its place.
    /// </summary>
    public async Task<bool> TryEndAsync(LifecycleRecord record, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!await journal.EndAsync(record))
                {
                    // The sweeper closed it first (expired): only possible if clocks disagree by more than the grace.
                    if (record.Outcome == RequestOutcome.Printed) RequestLog.PrintedAfterSweep(logger, record.RequestId);
                    else RequestLog.AlreadyClosed(logger, record.RequestId);
                }
                return true;
            }
            catch (DbException ex)
            {
                RequestLog.JournalRetry(logger, record.RequestId, attempt, ex.GetType().Name);
                if (attempt >= attempts) return false;
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }

    /// <summary>
    /// The holder's pseudonym in the journal of the municipality that records the request (theirs, or their 本籍地 city's), for the end record. A request ends whatever happens:
    /// if the journal's keys cannot be reached, the record goes without a holder (and is missing from the history).
    /// </summary>
    public async Task<string?> HolderPseudonymAsync(Contracts.Residents.ResidentKey resident, string journalMunicipality)
    {
        try
        {
            return await grains.GetGrain<Contracts.Journal.IJournalGrain>(Contracts.Journal.JournalNames.For(journalMunicipality)).Pseudonym(resident);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RequestLog.HolderUnknown(logger, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// How the request ended, if it has: for a kiosk retrying a step whose answer it did not hear. A store that
    /// cannot be read answers <c>store-unavailable</c> through the grain-call filter, like every other read.
    /// </summary>
    public Task<LifecycleRecord?> FindEndAsync(string requestId) => journal.FindAsync(requestId);

    /// <summary>A register write that fails leaves the request as it was and tells the kiosk to try again.</summary>
    private async Task WriteRegisterAsync(string requestId, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (DbException ex)
        {
            RequestLog.RegisterUnavailable(logger, requestId, ex.GetType().Name);
            throw new IssuanceException(ErrorCodes.StoreUnavailable, "The issuance records cannot be written just now; try again shortly.");
        }
    }
}
