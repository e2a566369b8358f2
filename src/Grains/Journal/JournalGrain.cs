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
    [Id(2)] public List<PendingAct> PendingActs { get; set; } = [];

    public JournalKeysState Clone() => new() { Keys = Keys.Select(k => k.Clone()).ToList(), PseudonymSecret = PseudonymSecret.ToArray(), PendingActs = [.. PendingActs] };

    public JournalKeysState Copy() => Clone();
}

public sealed partial class JournalGrain(
    // The checkpoint key's private half and the pseudonym secret are sealed like personal data.
    [ProtectedState("journal-keys")] ProtectedState<JournalKeysState> state,
    RelationalStore store,
    JournalEntryAuthenticator authenticator,
    JournalMetrics metrics,
    ActJournal journal,
    ServiceClock time,
    ILogger<JournalGrain> logger) : Grain, IJournalGrain
{
    // The entry this activation last refused to sign over, so a stuck chain is journaled once, not at every sweep.
    private long refusedAt;

    private const int Page = 5_000;
    private KeyRing<JournalKeysState>? keyRing;

    // Named by its chain: a rotation's certification (signed by the outgoing key) cannot be replayed into another chain.
    private KeyRing<JournalKeysState> Ring => keyRing ??= new(state, time, JournalTrust.RingName(Chain));

    private string Chain => JournalNames.Parse(this.GetPrimaryKeyString());

    private ActRecorder<JournalKeysState>? recorder;

    private ActRecorder<JournalKeysState> Acts => recorder ??= new(() => state.Value, Ring.SaveAsync, journal, this, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Acts.FlushAsync();

    public Task<JournalEntry> Record(string kind, AdministrativeEvent details) =>
        JournalChain.AppendAsync(store, new JournalAppend(Chain, kind, JournalJson.Write(new AdministrativeBody(details.Actor, details.Subject, details.Details))), time.GetUtcNow(), authenticator);

    public async Task<JournalCheckpoint?> Checkpoint()
    {
        if (await JournalChain.HeadAsync(store, Chain) is not var (sequence, hash)) return null;
        var latest = await JournalChain.LatestCheckpointAsync(store, Chain);
        if (latest is not null && latest.Sequence >= sequence) return latest;
        // Sign only what silos wrote: every entry since the last checkpoint must link and carry a silo's MAC.
        if (await UnauthenticatedAsync(latest, sequence, hash) is var (badSequence, why))
        {
            await RefuseAsync(badSequence, why);
            return latest;
        }
        var signedAt = JournalEntry.Time(time.GetUtcNow());
        var (keyId, signature) = await Ring.SignAsync(keyId => JournalCheckpoint.SignedBytes(Chain, sequence, hash, signedAt, keyId));
        var checkpoint = new JournalCheckpoint(Chain, sequence, hash, signedAt, keyId, Convert.ToBase64String(signature));
        await JournalChain.AddCheckpointAsync(store, checkpoint);
        return checkpoint;
    }

    public Task<IReadOnlyList<JournalEntry>> Read(long afterSequence, int limit) => JournalChain.ReadAsync(store, Chain, afterSequence, Math.Clamp(limit, 1, Page));

    public Task<IReadOnlyList<JournalEntry>> Find(string requestIdOrCertificateNumber) => JournalChain.FindAsync(store, Chain, requestIdOrCertificateNumber);

    public async Task<JournalBundle> Export(long afterSequence = 0)
    {
        await Checkpoint();
        var entries = new List<JournalEntry>();
        for (IReadOnlyList<JournalEntry> page; (page = await JournalChain.ReadAsync(store, Chain, entries.Count == 0 ? Math.Max(0, afterSequence) : entries[^1].Sequence, Page)).Count > 0;)
            entries.AddRange(page);
        // Checkpoints signed after the entries were read would name entries the bundle does not hold.
        var last = entries.Count == 0 ? 0 : entries[^1].Sequence;
        var checkpoints = (await JournalChain.CheckpointsAsync(store, Chain, afterSequence + 1)).Where(c => c.Sequence <= last).ToList();
        return new JournalBundle(Chain, entries, checkpoints, Ring.Published);
    }

    public async Task<JournalBundle?> DeletionStatement(string requestIdOrCertificateNumber, long throughSequence = 0)
    {
        var statement = (await JournalChain.FindAsync(store, Chain, requestIdOrCertificateNumber)).FirstOrDefault(e => e.Kind == JournalKinds.Deletion);
        if (statement is null) return null;
        await Checkpoint();
        // The first checkpoint at or after the statement proves it: every entry from the statement to it hashes into it.
        // Asked through a later entry (a witnessed head), the proof runs on to the checkpoint there.
        var checkpoints = await JournalChain.CheckpointsAsync(store, Chain, statement.Sequence);
        if (checkpoints.Count == 0) throw new InvalidOperationException("No checkpoint signs the statement yet: the chain's checkpoint was refused.");
        var target = checkpoints.FirstOrDefault(c => c.Sequence >= throughSequence) ?? checkpoints[^1];
        var run = await JournalChain.ReadAsync(store, Chain, statement.Sequence - 1, (int)Math.Min(Page, target.Sequence - statement.Sequence + 1));
        if (run[^1].Sequence != target.Sequence)
            throw new InvalidOperationException("The statement's checkpoint is further than one page away; export the journal instead.");
        return new JournalBundle(Chain, run, checkpoints.Where(c => c.Sequence <= target.Sequence).ToList(), Ring.Published);
    }

    public async Task<JournalEntry?> RecordWitness(WitnessCosignature cosignature)
    {
        if (cosignature.Chain != Chain || !Pki.Verification.JournalVerifier.IsCosigned(cosignature)) return null;
        var entry = await JournalChain.ReadAsync(store, Chain, cosignature.Sequence - 1, 1);
        if (entry.Count == 0 || entry[0].Sequence != cosignature.Sequence || entry[0].Hash != cosignature.Hash) return null;
        return await JournalChain.AppendAsync(store, new JournalAppend(Chain, JournalKinds.WitnessCosigned, JournalJson.Write(cosignature)), time.GetUtcNow(), authenticator);
    }

    public async Task<IReadOnlyList<WitnessCosignature>> Witnessed() =>
        (await JournalChain.LatestOfKindAsync(store, Chain, JournalKinds.WitnessCosigned, 200))
            .Select(e => JournalJson.Read<WitnessCosignature>(e.Body)!)
            .GroupBy(c => c.WitnessKey).Select(g => g.MaxBy(c => c.Sequence)!)
            .OrderByDescending(c => c.Sequence).ToList();

    /// <summary>The first entry after the last checkpoint, up to the head, that does not link or carries no valid silo MAC; null if all do.</summary>
    private async Task<(long Sequence, string Why)?> UnauthenticatedAsync(JournalCheckpoint? latest, long headSequence, string headHash)
    {
        var (expected, previousHash) = latest is null ? (1L, JournalEntry.Genesis) : (latest.Sequence + 1, latest.Hash);
        while (expected <= headSequence)
        {
            var page = await JournalChain.ReadWithMacsAsync(store, Chain, expected - 1, (int)Math.Min(Page, headSequence - expected + 1));
            if (page.Count == 0) return (expected, "the head names entries that are not there");
            foreach (var (entry, mac) in page)
            {
                if (entry.Sequence != expected) return (expected, "an entry is missing");
                if (!entry.IsIntact || entry.PreviousHash != previousHash) return (expected, "the entry does not link to the one before it");
                if (!authenticator.IsAuthentic(Chain, entry.Sequence, entry.Hash, mac)) return (expected, "the entry carries no valid silo MAC: it was not written by a silo");
                (expected, previousHash) = (expected + 1, entry.Hash);
            }
        }
        return previousHash == headHash ? null : (headSequence, "the head's hash is not the last entry's");
    }

    private async Task RefuseAsync(long sequence, string why)
    {
        metrics.Refused(Chain);
        if (refusedAt == sequence) return;
        refusedAt = sequence;
        LogRefused(logger, Chain, sequence, why);
        if (Chain == JournalNames.ClusterChain) return;
        await GrainFactory.GetGrain<IJournalGrain>(JournalNames.For(JournalNames.ClusterChain)).Record(JournalKinds.CheckpointRefused,
            new AdministrativeEvent("journal", $"chain {Chain}", new Dictionary<string, string> { ["chain"] = Chain, ["sequence"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = why }));
    }

    public async Task<string> Pseudonym(ResidentKey resident)
    {
        if (state.Value.PseudonymSecret.Length == 0)
        {
            var next = state.Value.Clone();
            next.PseudonymSecret = RandomNumberGenerator.GetBytes(32);
            await Ring.SaveAsync(next);
        }
        return PseudonymOf(resident);
    }

    public async Task<IReadOnlyList<IssuanceHistoryItem>> History(ResidentKey resident)
    {
        var pseudonym = await Pseudonym(resident);
        var reads = (await JournalChain.ForHolderAsync(store, Chain, pseudonym, JournalKinds.PersonalDataRead, Since))
            .Select(e => (Entry: e, Body: JournalJson.Read<AccessBody>(e.Body)!))
            .Select(r => new IssuanceHistoryItem(DateTimeOffset.Parse(r.Entry.RecordedAt, System.Globalization.CultureInfo.InvariantCulture), null, "", null,
                IssuanceHistoryItem.RecordsRead, r.Body.Role, r.Body.Purpose));
        return (await IssuancesAsync(pseudonym)).Concat(reads).OrderByDescending(i => i.EndedAt).ToList();
    }

    public async Task<IReadOnlyList<IssuanceHistoryItem>> IssuancesOf(ResidentKey resident, DataAccess access)
    {
        var pseudonym = await Pseudonym(resident);
        await AppendAccessAsync(access, $"holder {pseudonym}", pseudonym);
        return await IssuancesAsync(pseudonym);
    }

    public Task RecordAccess(DataAccess access, string subject) => AppendAccessAsync(access, subject, holder: null);

    public Task<IReadOnlyList<JournalEntry>> Latest(string kind, int limit) => JournalChain.LatestOfKindAsync(store, Chain, kind, Math.Clamp(limit, 1, Page));

    private DateTimeOffset Since => time.GetUtcNow().AddMonths(-IJournalGrain.HistoryMonths);

    private async Task<List<IssuanceHistoryItem>> IssuancesAsync(string pseudonym)
    {
        var entries = await JournalChain.ForHolderAsync(store, Chain, pseudonym, JournalKinds.RequestEnded, Since);
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

    /// <summary>The read goes on record first: if the entry cannot be written, the caller gets an error, not the data.</summary>
    private Task<JournalEntry> AppendAccessAsync(DataAccess access, string subject, string? holder)
    {
        if (!AccessPurposes.IsKnown(access.Purpose)) throw new ArgumentException($"A read of personal data needs a purpose: {AccessPurposes.Describe}.", nameof(access));
        return JournalChain.AppendAsync(store, new JournalAppend(Chain, JournalKinds.PersonalDataRead,
            JournalJson.Write(new AccessBody(access.Actor, access.Role, access.Read, access.Purpose, subject)), Holder: holder), time.GetUtcNow(), authenticator);
    }

    public async Task<ResidentKey?> HolderOf(string certificateNumber, DataAccess access)
    {
        var ended = (await JournalChain.FindAsync(store, Chain, certificateNumber)).FirstOrDefault(e => e.Kind == JournalKinds.RequestEnded);
        var holder = ended is null ? null : JournalJson.Read<RequestEndedBody>(ended.Body)?.Holder;
        // On record before the answer, with the holder's pseudonym, so the holder sees the lookup in their own history.
        await AppendAccessAsync(access, $"certificate {certificateNumber}", holder);
        if (holder is null || state.Value.PseudonymSecret.Length == 0) return null;
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
            JournalJson.Write(refund with { OperatorReference = operatorReference, Actor = actor }), refund.RequestId, refund.CertificateNumber), time.GetUtcNow(), authenticator);
    }

    public async Task<int> Rotate(string actor)
    {
        var key = await Ring.RotateAsync(id => [PendingAct.For(Chain, JournalKinds.JournalKeyRotated, actor, $"journal key {id}")]);
        LogRotated(logger, Chain, key.KeyId);
        await Acts.FlushAsync();
        return key.KeyId;
    }

    public Task<IReadOnlyList<PublishedKey>> GetPublicKeys() => Task.FromResult(Ring.Published);

    public Task<bool> Reseal() => state.ResealAsync();

    private string PseudonymOf(ResidentKey resident) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(state.Value.PseudonymSecret, Encoding.UTF8.GetBytes(resident.GrainKey)).AsSpan(0, 16));

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Journal chain {Chain}: checkpoint refused at entry {Sequence}: {Reason}; nothing after it will be signed until an operator looks")]
    private static partial void LogRefused(ILogger logger, string chain, long sequence, string reason);

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Journal key of chain {Chain} rotated; key {KeyId} signs checkpoints from now on")]
    private static partial void LogRotated(ILogger logger, string chain, int keyId);
}
