using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Requests;

namespace CertOrleans.Storage.Journal;

/// <summary>
/// The journal entries a request's end makes, in its municipality's chain: how it ended (with the payment
/// reference and the holder's pseudonym), the refund due if it was paid and not printed, and its deletion statement.
/// </summary>
public static class LifecycleEntries
{
    /// <param name="deployment">The deployment entry of the silo recording the end (<see cref="ProcessDeployment"/>).</param>
    public static IEnumerable<JournalAppend> For(LifecycleRecord record, string? deployment)
    {
        var chain = record.MunicipalityCode ?? JournalNames.ClusterChain;
        yield return new JournalAppend(chain, JournalKinds.RequestEnded, JournalJson.Write(new RequestEndedBody(
            record.RequestId, record.TerminalId, record.CertificateType, record.Fee, record.Paid, record.PaymentReference, record.CertificateNumber,
            record.Outcome.ToString(), record.LastStage?.ToString(), record.Refusals, record.FailureCode,
            JournalEntry.Time(record.StartedAt), JournalEntry.Time(record.EndedAt), record.Holder, record.Copies, deployment)),
            record.RequestId, record.CertificateNumber, record.Holder);
        if (record.Paid && record.Outcome != RequestOutcome.Printed)
            yield return new JournalAppend(chain, JournalKinds.RefundDue, JournalJson.Write(new RefundBody(record.RequestId, record.CertificateNumber, record.TerminalId, record.Fee ?? 0, null, null)),
                record.RequestId, record.CertificateNumber);
        yield return new JournalAppend(chain, JournalKinds.Deletion, JournalJson.Write(new DeletionStatement(
            record.RequestId, record.CertificateNumber, record.Held,
            record.Zeroed.Select(z => new ZeroedBufferEntry(z.Category, JournalEntry.Time(z.ZeroedAt))).ToList(),
            record.Zeroed.Count > 0 ? DeletionStatement.ServerBuffers : DeletionStatement.ProcessLost, deployment,
            record.TerminalDeletion is { } terminal ? new TerminalDeletionEntry(terminal.Deleted, JournalEntry.Time(terminal.At), terminal.Detail) : null)),
            record.RequestId, record.CertificateNumber);
    }
}
