using CertOrleans.Contracts.Requests;

namespace CertOrleans.Grains.Lifecycle;

/// <summary>Where every request's end is recorded (append-only, no personal data).</summary>
public interface ILifecycleJournal
{
    Task AppendAsync(LifecycleRecord record);

    Task<LifecycleRecord?> FindAsync(string requestId);
}
