using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;

namespace CertOrleans.Storage.Journal;

/// <summary>
/// Where requests are recorded, without personal data: the register of requests in flight (written when a
/// request starts, updated when it is paid and when its document is issued) and the append-only record of
/// how each one ended. A request leaves the register in the same transaction that records its end, so a
/// request is always in exactly one of the two, whichever process dies when.
/// </summary>
public interface ILifecycleJournal
{
    Task OpenAsync(OpenRequest request);

    Task UpdateAsync(OpenRequest request);

    /// <summary>Records the end and takes the request off the register; false if it had already ended (the sweeper was first).</summary>
    Task<bool> EndAsync(LifecycleRecord record);

    /// <summary>Ends, as expired with <see cref="LostFailureCode"/>, every request still open whose deadline is before <paramref name="cutoff"/>.</summary>
    Task<int> CloseAbandonedAsync(DateTimeOffset cutoff, DateTimeOffset now);

    Task<LifecycleRecord?> FindAsync(string requestId);

    Task<OpenRequest?> FindOpenAsync(string requestId);

    /// <summary>How the request that issued <paramref name="certificateNumber"/> stands: open, or ended and how.</summary>
    Task<CertificateStanding> FindCertificateAsync(string certificateNumber);

    /// <summary>The certificate numbers of <paramref name="municipalityCode"/> whose requests ended other than printed.</summary>
    Task<IReadOnlyList<string>> VoidCertificateNumbersAsync(string municipalityCode);

    /// <summary>The failure code of a request whose silo stopped without ending it (its state died with the process).</summary>
    public const string LostFailureCode = "silo-lost";
}

/// <summary>A request in flight as the register holds it: what it is for and what it cost, never who asked.</summary>
public sealed record OpenRequest(
    string RequestId,
    string TerminalId,
    string? MunicipalityCode,
    string? CertificateType,
    int? Fee,
    bool Paid,
    string? CertificateNumber,
    RequestStage Stage,
    DateTimeOffset StartedAt,
    DateTimeOffset ExpiresAt);
