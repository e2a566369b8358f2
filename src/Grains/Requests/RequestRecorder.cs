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
public sealed class RequestRecorder(ILifecycleJournal journal, ILogger<RequestRecorder> logger)
{
    public Task OpenAsync(OpenRequest entry) => WriteRegisterAsync(entry.RequestId, () => journal.OpenAsync(entry));

    public Task UpdateAsync(OpenRequest entry) => WriteRegisterAsync(entry.RequestId, () => journal.UpdateAsync(entry));

    /// <summary>
    /// Writes the end record. The state is gone already, so a database restart is waited out (briefly); if it
    /// never comes back, the register still holds the request and the sweeper closes it.
    /// </summary>
    public async Task EndAsync(LifecycleRecord record)
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
                return;
            }
            catch (DbException ex) when (attempt < 5)
            {
                RequestLog.JournalRetry(logger, record.RequestId, attempt, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }

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
