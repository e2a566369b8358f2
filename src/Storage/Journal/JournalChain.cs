using System.Data.Common;
using System.Globalization;
using CertOrleans.Contracts.Journal;

namespace CertOrleans.Storage.Journal;

/// <summary>What an entry is appended with: its chain, kind, body, and what it may be found by (never personal data).</summary>
/// <param name="ActId">An administrative act's id (<c>PendingAct</c>): the chain holds at most one entry per act.</param>
public sealed record JournalAppend(string Chain, string Kind, string Body, string? RequestId = null, string? CertificateNumber = null, string? Holder = null, string? ActId = null);

/// <summary>
/// Appends to and reads the journal's hash chains (the same SQL on SQLite and PostgreSQL). An append runs inside the
/// caller's transaction, so an entry commits with the record it logs, or neither does. Appends to one chain are
/// serialised by its head row: the first statement takes the row's write lock, so two silos never both extend the
/// same entry.
/// </summary>
public static class JournalChain
{
    private const string Columns = "chain, seq, kind, recorded_at, body, prev_hash, hash";

    /// <summary>
    /// Appends entries to one chain inside the caller's transaction, in order: the chain's head moves once by their
    /// number (which also holds the head until the transaction ends, so appends to a chain never interleave), each
    /// entry is linked to the one before it, and the head takes the last one's hash. Four statements for a
    /// request's two entries (there were eight, one set per entry).
    /// </summary>
    public static async Task<IReadOnlyList<JournalEntry>> AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalAppend> appends, DateTimeOffset now,
        JournalEntryAuthenticator authenticator)
    {
        if (appends.Count == 0) return [];
        var chain = appends[0].Chain;
        if (appends.Any(a => a.Chain != chain)) throw new ArgumentException("Entries appended together belong to one chain.", nameof(appends));
        // The chain's first entry ever: its head is made, then moved like any other.
        if (await AdvanceAsync(connection, transaction, chain, appends.Count) is not var (last, previous))
        {
            await using (var head = connection.Command(transaction, "INSERT INTO journal_heads (chain, seq, hash) VALUES (@chain, 0, @genesis) ON CONFLICT (chain) DO NOTHING"))
            {
                head.AddParameter("chain", chain);
                head.AddParameter("genesis", JournalEntry.Genesis);
                await head.ExecuteNonQueryAsync();
            }
            (last, previous) = await AdvanceAsync(connection, transaction, chain, appends.Count) ?? throw new InvalidOperationException($"The journal chain {chain} has no head.");
        }
        var recordedAt = JournalEntry.Time(now);
        var entries = new List<JournalEntry>(appends.Count);
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            var sequence = last - appends.Count + 1 + i;
            var hash = JournalEntry.ComputeHash(chain, sequence, append.Kind, recordedAt, append.Body, previous);
            await using (var insert = connection.Command(transaction, """
                INSERT INTO journal_entries (chain, seq, kind, recorded_at, body, prev_hash, hash, request_id, certificate_number, holder, mac, act_id)
                VALUES (@chain, @seq, @kind, @recorded, @body, @prev, @hash, @request, @number, @holder, @mac, @act)
                """))
            {
                insert.AddParameter("chain", chain);
                insert.AddParameter("seq", sequence);
                insert.AddParameter("kind", append.Kind);
                insert.AddParameter("recorded", recordedAt);
                insert.AddParameter("body", append.Body);
                insert.AddParameter("prev", previous);
                insert.AddParameter("hash", hash);
                insert.AddParameter("request", append.RequestId);
                insert.AddParameter("number", append.CertificateNumber);
                insert.AddParameter("holder", append.Holder);
                insert.AddParameter("mac", authenticator.Mac(chain, sequence, hash));
                insert.AddParameter("act", append.ActId);
                await insert.ExecuteNonQueryAsync();
            }
            entries.Add(new JournalEntry(chain, sequence, append.Kind, recordedAt, append.Body, previous, hash));
            previous = hash;
        }
        await using (var move = connection.Command(transaction, "UPDATE journal_heads SET hash = @hash WHERE chain = @chain"))
        {
            move.AddParameter("chain", chain);
            move.AddParameter("hash", previous);
            await move.ExecuteNonQueryAsync();
        }
        return entries;
    }

    /// <summary>Moves a chain's head on by <paramref name="count"/>; its new sequence and the hash it held, or null when the chain has no head yet.</summary>
    private static async Task<(long Sequence, string Hash)?> AdvanceAsync(DbConnection connection, DbTransaction transaction, string chain, int count)
    {
        await using var advance = connection.Command(transaction, "UPDATE journal_heads SET seq = seq + @count WHERE chain = @chain RETURNING seq, hash");
        advance.AddParameter("chain", chain);
        advance.AddParameter("count", count);
        await using var reader = await advance.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1));
    }

    /// <summary>Appends in a transaction of its own (an administrative event that changes nothing in this store).</summary>
    public static async Task<JournalEntry> AppendAsync(RelationalStore store, JournalAppend append, DateTimeOffset now, JournalEntryAuthenticator authenticator)
    {
        await using var connection = await store.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var entry = (await AppendAsync(connection, transaction, [append], now, authenticator))[0];
        await transaction.CommitAsync();
        return entry;
    }

    /// <summary>
    /// Appends an administrative act's entry unless the chain holds it already (by its act id): the grain that made
    /// the act may append it again after a crash between the append and forgetting it, and the chain keeps one.
    /// </summary>
    public static async Task<JournalEntry> AppendActAsync(RelationalStore store, JournalAppend append, DateTimeOffset now, JournalEntryAuthenticator authenticator)
    {
        if (append.ActId is null) throw new ArgumentException("An act's entry carries its act id.", nameof(append));
        await using var connection = await store.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var existing = connection.Command(transaction, $"SELECT {Columns} FROM journal_entries WHERE chain = @chain AND act_id = @act"))
        {
            existing.AddParameter("chain", append.Chain);
            existing.AddParameter("act", append.ActId);
            await using var reader = await existing.ExecuteReaderAsync();
            if (await reader.ReadAsync()) return ReadEntry(reader);
        }
        var entry = (await AppendAsync(connection, transaction, [append], now, authenticator))[0];
        await transaction.CommitAsync();
        return entry;
    }

    /// <summary>Up to <paramref name="limit"/> entries of a chain after <paramref name="afterSequence"/>, in order.</summary>
    public static Task<IReadOnlyList<JournalEntry>> ReadAsync(RelationalStore store, string chain, long afterSequence, int limit) =>
        QueryAsync(store, $"SELECT {Columns} FROM journal_entries WHERE chain = @chain AND seq > @after ORDER BY seq LIMIT @limit",
            c => { c.AddParameter("chain", chain); c.AddParameter("after", afterSequence); c.AddParameter("limit", limit); });

    /// <summary>Up to <paramref name="limit"/> entries of a chain after <paramref name="afterSequence"/>, in order, each with the MAC it was stored with.</summary>
    public static Task<IReadOnlyList<(JournalEntry Entry, string? Mac)>> ReadWithMacsAsync(RelationalStore store, string chain, long afterSequence, int limit) =>
        QueryAsync(store, $"SELECT {Columns}, mac FROM journal_entries WHERE chain = @chain AND seq > @after ORDER BY seq LIMIT @limit",
            c => { c.AddParameter("chain", chain); c.AddParameter("after", afterSequence); c.AddParameter("limit", limit); },
            reader => (ReadEntry(reader), reader.IsDBNull(7) ? null : reader.GetString(7)));

    /// <summary>The entries of a chain that name a request or a certificate number, in order.</summary>
    public static Task<IReadOnlyList<JournalEntry>> FindAsync(RelationalStore store, string chain, string requestIdOrCertificateNumber) =>
        QueryAsync(store, $"SELECT {Columns} FROM journal_entries WHERE chain = @chain AND (request_id = @key OR certificate_number = @key) ORDER BY seq",
            c => { c.AddParameter("chain", chain); c.AddParameter("key", requestIdOrCertificateNumber); });

    /// <summary>A holder's entries of the given kind recorded at or after <paramref name="since"/>, newest first.</summary>
    public static Task<IReadOnlyList<JournalEntry>> ForHolderAsync(RelationalStore store, string chain, string holder, string kind, DateTimeOffset since) =>
        QueryAsync(store, $"SELECT {Columns} FROM journal_entries WHERE chain = @chain AND holder = @holder AND kind = @kind AND recorded_at >= @since ORDER BY seq DESC",
            c => { c.AddParameter("chain", chain); c.AddParameter("holder", holder); c.AddParameter("kind", kind); c.AddParameter("since", JournalEntry.Time(since)); });

    /// <summary>The newest <paramref name="limit"/> entries of a kind, newest first.</summary>
    public static Task<IReadOnlyList<JournalEntry>> LatestOfKindAsync(RelationalStore store, string chain, string kind, int limit) =>
        QueryAsync(store, $"SELECT {Columns} FROM journal_entries WHERE chain = @chain AND kind = @kind ORDER BY seq DESC LIMIT @limit",
            c => { c.AddParameter("chain", chain); c.AddParameter("kind", kind); c.AddParameter("limit", limit); });

    /// <summary>The chain's newest checkpoint, or null.</summary>
    public static async Task<JournalCheckpoint?> LatestCheckpointAsync(RelationalStore store, string chain) =>
        (await CheckpointsAsync(store, chain, 0, newestOnly: true)).FirstOrDefault();

    /// <summary>The chain's last entry (sequence and hash), or null for a chain with none.</summary>
    public static async Task<(long Sequence, string Hash)?> HeadAsync(RelationalStore store, string chain)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM journal_heads WHERE chain = @chain";
        command.AddParameter("chain", chain);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var sequence = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        return sequence == 0 ? null : (sequence, reader.GetString(1));
    }

    /// <summary>Every chain that has entries.</summary>
    public static async Task<IReadOnlyList<string>> ChainsAsync(RelationalStore store)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT chain FROM journal_heads WHERE seq > 0 ORDER BY chain";
        var chains = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) chains.Add(reader.GetString(0));
        return chains;
    }

    public static async Task AddCheckpointAsync(RelationalStore store, JournalCheckpoint checkpoint)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO journal_checkpoints (chain, seq, hash, signed_at, key_id, signature) VALUES (@chain, @seq, @hash, @at, @key, @signature)
            ON CONFLICT (chain, seq) DO NOTHING
            """;
        command.AddParameter("chain", checkpoint.Chain);
        command.AddParameter("seq", checkpoint.Sequence);
        command.AddParameter("hash", checkpoint.Hash);
        command.AddParameter("at", checkpoint.SignedAt);
        command.AddParameter("key", checkpoint.KeyId);
        command.AddParameter("signature", checkpoint.Signature);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A chain's checkpoints from <paramref name="fromSequence"/> on, in order.</summary>
    public static async Task<IReadOnlyList<JournalCheckpoint>> CheckpointsAsync(RelationalStore store, string chain, long fromSequence = 0, bool newestOnly = false)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT chain, seq, hash, signed_at, key_id, signature FROM journal_checkpoints WHERE chain = @chain AND seq >= @from " +
            (newestOnly ? "ORDER BY seq DESC LIMIT 1" : "ORDER BY seq");
        command.AddParameter("chain", chain);
        command.AddParameter("from", fromSequence);
        var checkpoints = new List<JournalCheckpoint>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            checkpoints.Add(new JournalCheckpoint(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2),
                reader.GetString(3), Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture), reader.GetString(5)));
        return checkpoints;
    }

    private static Task<IReadOnlyList<JournalEntry>> QueryAsync(RelationalStore store, string sql, Action<DbCommand> parameters) =>
        QueryAsync(store, sql, parameters, ReadEntry);

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(RelationalStore store, string sql, Action<DbCommand> parameters, Func<DbDataReader, T> row)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        parameters(command);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        return rows;
    }

    private static JournalEntry ReadEntry(DbDataReader reader) =>
        new(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2),
            reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6));
}
