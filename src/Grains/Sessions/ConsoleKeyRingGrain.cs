using CertOrleans.Contracts.Sessions;
using CertOrleans.Storage.Protection;

namespace CertOrleans.Grains.Sessions;

[GenerateSerializer, Alias("certorleans.console-key-ring-state")]
public sealed class ConsoleKeyRingState
{
    /// <summary>Data Protection key elements (XML text) by friendly name, in the order they were stored.</summary>
    [Id(0)] public List<KeyValuePair<string, string>> Elements { get; set; } = [];
}

/// <summary>The console's Data Protection key ring, sealed with the cluster's data key like the journal's keys.</summary>
public sealed class ConsoleKeyRingGrain(
    [ProtectedState("console-key-ring")] ProtectedState<ConsoleKeyRingState> state) : Grain, IConsoleKeyRingGrain
{
    public Task<IReadOnlyList<string>> GetElements() => Task.FromResult<IReadOnlyList<string>>(state.Value.Elements.Select(e => e.Value).ToList());

    public Task Store(string friendlyName, string element) => state.SaveAsync(new ConsoleKeyRingState
    {
        Elements = [.. state.Value.Elements.Where(e => e.Key != friendlyName), new(friendlyName, element)],
    });

    public Task<bool> Reseal() => state.ResealAsync();
}
