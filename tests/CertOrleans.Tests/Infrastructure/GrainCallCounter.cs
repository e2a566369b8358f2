using System.Collections.Concurrent;

namespace CertOrleans.Tests.Infrastructure;

/// <summary>
/// Counts the grain calls the test silos receive, by interface and method, and whether a cluster client (the
/// gateway) or a grain made them: what a kiosk flow costs in messages.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    public const string FromClient = "client: ";

    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        // Ours only: Orleans' own system calls (statistics, membership) come and go on their own schedule.
        if (context.InterfaceMethod.DeclaringType?.Namespace?.StartsWith("CertOrleans.", StringComparison.Ordinal) != true) return context.Invoke();
        var fromClient = context.SourceId is { } source && source.IsClient();
        calls.AddOrUpdate($"{(fromClient ? FromClient : "")}{context.InterfaceMethod.DeclaringType!.Name}.{context.InterfaceMethod.Name}", 1, (_, n) => n + 1);
        return context.Invoke();
    }

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(calls);

    /// <summary>The calls received since <paramref name="before"/>, by method.</summary>
    public IReadOnlyDictionary<string, int> Since(IReadOnlyDictionary<string, int> before) => calls
        .Select(c => (c.Key, Count: c.Value - before.GetValueOrDefault(c.Key)))
        .Where(c => c.Count > 0)
        .ToDictionary(c => c.Key, c => c.Count);
}
