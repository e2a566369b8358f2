using System.Collections.Concurrent;

namespace CertOrleans.Tests.Support;

/// <summary>One grain call a silo received: who made it (a grain's id, or <see cref="GrainCallCounter.Client"/>), to which grain, and what.</summary>
public sealed record GrainCall(string Caller, string Target, string Method);

/// <summary>
/// Records the grain calls the test silos receive while a test asks it to, ours only (Orleans' own system calls come
/// and go on their own schedule): what a kiosk flow costs in messages.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    /// <summary>The caller of a call made by a cluster client (the gateway).</summary>
    public const string Client = "client";

    private ConcurrentQueue<GrainCall>? recording;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (recording is { } calls && context.InterfaceMethod.DeclaringType is { Namespace: { } space } type && space.StartsWith("CertOrleans.", StringComparison.Ordinal))
        {
            var caller = context.SourceId is { } source && !source.IsClient() ? source.ToString() : Client;
            calls.Enqueue(new GrainCall(caller, context.TargetId.ToString(), $"{type.Name}.{context.InterfaceMethod.Name}"));
        }
        return context.Invoke();
    }

    /// <summary>The calls received while <paramref name="action"/> ran (one recording at a time).</summary>
    public async Task<IReadOnlyList<GrainCall>> RecordAsync(Func<Task> action)
    {
        var calls = new ConcurrentQueue<GrainCall>();
        if (Interlocked.CompareExchange(ref recording, calls, null) is not null) throw new InvalidOperationException("Grain calls are already being recorded.");
        try
        {
            await action();
        }
        finally
        {
            recording = null;
        }
        return [.. calls];
    }
}
