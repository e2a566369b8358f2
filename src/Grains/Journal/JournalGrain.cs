using System.Security.Cryptography;
using System.Text;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Grains.Signing;
using CertOrleans.Grains.Time;
using CertOrleans.Storage;
using CertOrleans.Storage.Journal;
using CertOrleans.Storage.Protection;
using Microsoft.Extensions.Logging;

namespace CertOrleans.Grains.Journal;

[GenerateSerializer, Alias("certorleans.journal-state")]
public sealed class JournalKeysState : IHoldsSigningKeys<JournalKeysState>
{
    [Id(0)] public List<IssuingKey> Keys { get; set; } = [];
    /// <summary>The HMAC key of holder pseudonyms; made once, never rotated (a new one would unlink every holder's history).</summary>
    [Id(1)] public byte[] PseudonymSecret { get; set; } = [];

    public JournalKeysState Clone() => new() { Keys = Keys.Select(k => k.Clone()).ToList(), PseudonymSecret = PseudonymSecret.ToArray() };
}

public sealed partial class JournalGrain(
    // The checkpoint key's private half and the pseudonym secret are sealed like personal data.
    [ProtectedState("journal-keys")] ProtectedState<JournalKeysState> state,
    RelationalStore store,
    ServiceClock time,
    ILogger<JournalGrain> logger) : Grain, IJournalGrain
{
    private const int Page = 5_000;
    private readonly KeyRing<JournalKeysState> ring = new(state, time);

    private string Chain => JournalNames.Parse(this.GetPrimaryKeyString());

    public Task<JournalEntry> Record(string kind, AdministrativeEvent details) =>
        JournalChain.AppendAsync(store, new JournalAppend(Chain, kind, JournalJson.Write(new AdministrativeBody(details.Actor, details.Subject, details.Details))), time.GetUtcNow());

    public async Task<JournalCheckpoint?> Checkpoint()
    {
        if (await JournalChain.HeadAsync(store, Chain) is not var (sequence, hash)) return null;
        if ((await JournalChain.CheckpointsAsync(store, Chain, sequence)).FirstOrDefault() is { } existing) return existing;
        var signedAt = JournalEntry.Time(time.GetUtcNow());
        var (keyId, signature) = await ring.SignAsync(keyId => JournalCheckpoint.SignedBytes(Chain, sequence, hash, signedAt, keyId));
        var checkpoint = new JournalCheckpoint(Chain, sequence, hash, signedAt, keyId, Convert.ToBase64String(signature));
        await JournalChain.AddCheckpointAsync(store, checkpoint);
        return checkpoint;
    }

    public Task<IReadOnlyList<JournalEntry>> Read(long afterSequence, int limit) => JournalChain.ReadAsync(store, Chain, afterSequence, Math.Clamp(limit, 1, Page));

    public Task<IReadOnlyList<JournalEntry>> Find(string requestIdOrCertificateNumber) => JournalChain.FindAsync(store, Chain, requestIdOrCertificateNumber);

    public async Task<JournalBundle> Export()
    {
        await Checkpoint();
        var entries = new List<JournalEntry>();
        for (IReadOnlyList<JournalEntry> page; (page = await JournalChain.ReadAsync(store, Chain, entries.Count == 0 ? 0 : entries[^1].Sequence, Page)).Count > 0;)
            entries.AddRange(page);
        return new JournalBundle(Chain, entries, await JournalChain.CheckpointsAsync(store, Chain), ring.Published);
    }

    public async Task<JournalBundle?> DeletionStatement(string requestIdOrCertificateNumber)
    {
        var statement = (await JournalChain.FindAsync(store, Chain, requestIdOrCertificateNumber)).FirstOrDefault(e => e.Kind == JournalKinds.Deletion);
        if (statement is null) return null;
        await Checkpoint();
        // The first checkpoint at or after the statement proves it: every entry from the statement to it hashes into it.
        var checkpoint = (await JournalChain.CheckpointsAsync(store, Chain, statement.Sequence))[0];
        var run = await JournalChain.ReadAsync(store, Chain, statement.Sequence - 1, (int)Math.Min(Page, checkpoint.Sequence - statement.Sequence + 1));
        if (run[^1].Sequence != checkpoint.Sequence)
            throw new InvalidOperationException("The statement's checkpoint is further than one page away; export the journal instead.");
        return new JournalBundle(Chain, run, [checkpoint], ring.Published);
    }

    public async Task<string> Pseudonym(ResidentKey resident)
    {
        if (state.Value.PseudonymSecret.Length == 0)
        {
            var next = state.Value.Clone();
            next.PseudonymSecret = RandomNumberGenerator.GetBytes(32);
            await ring.SaveAsync(next);
        }
        return PseudonymOf(resident);
    }

    public async Task<IReadOnlyList<IssuanceHistoryItem>> History(ResidentKey resident)
    {
        var since = time.GetUtcNow().AddMonths(-IJournalGrain.HistoryMonths);
        var entries = await JournalChain.ForHolderAsync(store, Chain, await Pseudonym(resident), JournalKinds.RequestEnded, since);
        var operators = new Dictionary<string, string>();
        var items = new List<IssuanceHistoryItem>();
        foreach (var entry in entries)
        {
            var body = JournalJson.Read<RequestEndedBody>(entry.Body)!;
            if (!operators.TryGetValue(body.TerminalId, out var storeOperator))
                operators[body.TerminalId] = storeOperator = (await GrainFactory.GetGrain<ITerminalGrain>(body.TerminalId).GetStatus()).StoreOperator ?? "";
            items.Add(new IssuanceHistoryItem(DateTimeOffset.Parse(body.EndedAt, System.Globalization.CultureInfo.InvariantCulture), body.CertificateType,
                storeOperator, body.CertificateNumber, body.Outcome));
        }
        return items;
    }

    public async Task<ResidentKey?> HolderOf(string certificateNumber)
    {
        var ended = (await JournalChain.FindAsync(store, Chain, certificateNumber)).FirstOrDefault(e => e.Kind == JournalKinds.RequestEnded);
        if (ended is null || JournalJson.Read<RequestEndedBody>(ended.Body)?.Holder is not { } holder || state.Value.PseudonymSecret.Length == 0) return null;
        // A pseudonym cannot be reversed: the city's residents are tried one by one with the secret only this grain holds.
        for (var after = ""; ;)
        {
            var keys = await store.SealedGrainKeysAsync(Chain, after, Page);
            if (keys.Count == 0) return null;
            foreach (var key in keys)
                if (ResidentKey.TryParseGrainKey(key, out var resident) && PseudonymOf(resident) == holder) return resident;
            after = keys[^1];
        }
    }

    public async Task<JournalEntry?> SettleRefund(string requestIdOrCertificateNumber, string operatorReference, string actor)
    {
        // This grain is the one writer of settlements for its chain, so "due and not yet settled" holds until it appends.
        var entries = await JournalChain.FindAsync(store, Chain, requestIdOrCertificateNumber);
        var due = entries.FirstOrDefault(e => e.Kind == JournalKinds.RefundDue);
        if (due is null || entries.Any(e => e.Kind == JournalKinds.RefundSettled)) return null;
        var refund = JournalJson.Read<RefundBody>(due.Body)!;
        return await JournalChain.AppendAsync(store, new JournalAppend(Chain, JournalKinds.RefundSettled,
            JournalJson.Write(refund with { OperatorReference = operatorReference, Actor = actor }), refund.RequestId, refund.CertificateNumber), time.GetUtcNow());
    }

    public async Task<int> Rotate()
    {
        var key = await ring.RotateAsync();
        LogRotated(logger, Chain, key.KeyId);
        return key.KeyId;
    }

    public Task<IReadOnlyList<PublishedKey>> GetPublicKeys() => Task.FromResult(ring.Published);

    public Task<bool> Reseal() => state.ResealAsync();

    private string PseudonymOf(ResidentKey resident) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(state.Value.PseudonymSecret, Encoding.UTF8.GetBytes(resident.GrainKey)).AsSpan(0, 16));

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Journal key of chain {Chain} rotated; key {KeyId} signs checkpoints from now on")]
    private static partial void LogRotated(ILogger logger, string chain, int keyId);
}
