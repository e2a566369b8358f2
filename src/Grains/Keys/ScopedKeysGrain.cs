using System.Security.Cryptography;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Keys;
using CertOrleans.Grains.Journal;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Keys;

[GenerateSerializer, Alias("certorleans.scoped-keys-state")]
public sealed class ScopedKeysState : IJournalsActs<ScopedKeysState>
{
    /// <summary>By id (the hash's first 16 hex digits).</summary>
    [Id(0)] public Dictionary<string, ScopedKey> Keys { get; set; } = [];
    [Id(1)] public List<PendingAct> PendingActs { get; set; } = [];

    public ScopedKeysState Copy() => new() { Keys = new(Keys), PendingActs = [.. PendingActs] };
}

/// <summary>
/// Keys minted while the service runs, by the hash of their secret (the secret never reaches the cluster). A mint or
/// a revocation is stored with its journal entries, in the cluster's chain and in the chain of every municipality the
/// key is for, in one write; the memory changes only once that write succeeded.
/// </summary>
public sealed class ScopedKeysGrain(
    [PersistentState("scoped-keys", StorageNames.Default)] IPersistentState<ScopedKeysState> state,
    ActJournal journal,
    ServiceClock time,
    ILogger<ScopedKeysGrain> logger) : Grain, IScopedKeysGrain
{
    private ActRecorder<ScopedKeysState>? recorder;

    private ActRecorder<ScopedKeysState> Acts => recorder ??= new(() => state.State, next => state.SaveAsync(next), journal, this, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    public async Task<ScopedKey> Mint(ScopedKeyRequest request, string actor)
    {
        // The gateway checked the request; the cluster checks it again rather than trust its caller.
        if (ScopedKeys.Problem(request) is { } problem) throw new ArgumentException(problem, nameof(request));
        var id = ScopedKeys.IdOf(request.Hash);
        // A fresh 256-bit secret never collides; an id taken means a replayed or forged request.
        if (state.State.Keys.ContainsKey(id)) throw new InvalidOperationException($"A key with id {id} exists already.");
        var key = new ScopedKey(id, request.Hash, request.Role, [.. request.Municipalities], request.Label, time.GetUtcNow(), actor);
        var next = state.State.Copy();
        next.Keys[id] = key;
        await Acts.SaveAsync(next, ActsFor(key, JournalKinds.ScopedKeyMinted, actor));
        return key;
    }

    public async Task<ScopedKey> Revoke(string id, string actor)
    {
        if (!state.State.Keys.TryGetValue(id, out var key))
            throw new Contracts.Requests.IssuanceException(ScopedKeys.UnknownCode, "No minted key has this id.");
        if (key.Revoked) return key;
        var revoked = key with { RevokedAt = time.GetUtcNow(), RevokedBy = actor };
        var next = state.State.Copy();
        next.Keys[id] = revoked;
        await Acts.SaveAsync(next, ActsFor(revoked, JournalKinds.ScopedKeyRevoked, actor));
        return revoked;
    }

    public Task<ScopedKey?> Find(string hash)
    {
        if (hash is not { Length: 64 } || !state.State.Keys.TryGetValue(ScopedKeys.IdOf(hash), out var key)) return Task.FromResult<ScopedKey?>(null);
        // The id matched on a prefix; the whole hash is compared in constant time.
        var same = CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(key.Hash), System.Text.Encoding.ASCII.GetBytes(hash));
        return Task.FromResult(same ? key : null);
    }

    public Task<IReadOnlyList<ScopedKey>> List() =>
        Task.FromResult<IReadOnlyList<ScopedKey>>([.. state.State.Keys.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)]);

    /// <summary>One entry in the cluster's chain and one in each municipality's: the key by id, never its secret or hash.</summary>
    private static PendingAct[] ActsFor(ScopedKey key, string kind, string actor)
    {
        var details = new Dictionary<string, string>
        {
            ["role"] = key.Role,
            ["municipalities"] = string.Join(',', key.Municipalities),
            ["label"] = key.Label,
        };
        return [.. new[] { JournalNames.ClusterChain }.Concat(key.Municipalities).Select(chain => PendingAct.For(chain, kind, actor, $"key {key.Id}", details))];
    }
}
