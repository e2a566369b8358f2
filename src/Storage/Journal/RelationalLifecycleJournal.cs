using System.Data.Common;
using System.Globalization;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Storage;

namespace CertOrleans.Storage.Journal;

/// <summary>The lifecycle journal in the silo's store (the same SQL on SQLite and PostgreSQL).</summary>
public sealed class RelationalLifecycleJournal(RelationalStore store, JournalEntryAuthenticator authenticator, ProcessDeployment deployment) : ILifecycleJournal
{
    private const string OpenColumns = "request_id, terminal_id, municipality_code, certificate_type, fee, paid, certificate_number, stage, started_at, expires_at";

    private const string RecordColumns = """
        request_id, terminal_id, municipality_code, certificate_type, fee, paid, certificate_number,
        outcome, last_stage, refusals, failure_code, started_at, ended_at, state_wiped
        """;

    public async Task OpenAsync(OpenRequest request)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO request_open (request_id, terminal_id, municipality_code, certificate_type, fee, paid, certificate_number, stage, started_at, expires_at)
            VALUES (@id, @terminal, @municipality, @type, @fee, @paid, @number, @stage, @started, @expires)
            """;
        AddOpenParameters(command, request);
        await command.ExecuteNonQueryAsync();
    }

    public async Task UpdateAsync(OpenRequest request)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE request_open
               SET municipality_code = @municipality, certificate_type = @type, fee = @fee, paid = @paid,
                   certificate_number = @number, stage = @stage, expires_at = @expires
             WHERE request_id = @id
            """;
        AddOpenParameters(command, request);
        if (await command.ExecuteNonQueryAsync() != 1)
            throw new InvalidOperationException($"Request {request.RequestId} is not open: it cannot be paid or issued.");
    }

    public async Task<bool> EndAsync(LifecycleRecord record)
    {
        // A request ends once: if the sweeper has already closed it, the insert does nothing and says so, and nothing
        // is journaled twice. The record, its journal entries and leaving the register commit together.
        await using var connection = await store.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var recorded = await RecordAsync(connection, transaction, record);
        await transaction.CommitAsync();
        return recorded;
    }

    public async Task<int> CloseAbandonedAsync(DateTimeOffset cutoff, DateTimeOffset now)
    {
        await using var connection = await store.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var abandoned = new List<OpenRequest>();
        await using (var select = connection.Command(transaction, $"SELECT {OpenColumns} FROM request_open WHERE expires_at < @cutoff ORDER BY request_id"))
        {
            select.AddParameter("cutoff", cutoff.UtcDateTime);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) abandoned.Add(ReadOpen(reader));
        }
        var closed = 0;
        foreach (var open in abandoned)
        {
            // Its state was only ever in the memory of a process that is gone: the record says so, and its deletion
            // statement attests nothing. The fee of a paid one is refunded like any other expired request's.
            var record = new LifecycleRecord
            {
                RequestId = open.RequestId, TerminalId = open.TerminalId, MunicipalityCode = open.MunicipalityCode, CertificateType = open.CertificateType,
                Fee = open.Fee, Paid = open.Paid, CertificateNumber = open.CertificateNumber, Outcome = RequestOutcome.Expired, LastStage = open.Stage,
                FailureCode = ILifecycleJournal.LostFailureCode, StartedAt = open.StartedAt, EndedAt = now, StateWiped = true,
            };
            if (await RecordAsync(connection, transaction, record)) closed++;
        }
        await transaction.CommitAsync();
        return closed;
    }

    /// <summary>
    /// Inserts the record and, if it was not there yet, appends its entries to the municipality's journal chain; either
    /// way the request leaves the register. True when this call recorded it.
    /// </summary>
    private async Task<bool> RecordAsync(DbConnection connection, DbTransaction transaction, LifecycleRecord record)
    {
        bool recorded;
        await using (var insert = connection.Command(transaction, $"""
            INSERT INTO request_lifecycle ({RecordColumns})
            VALUES (@id, @terminal, @municipality, @type, @fee, @paid, @number, @outcome, @stage, @refusals, @failure, @started, @ended, @wiped)
            ON CONFLICT (request_id) DO NOTHING
            """))
        {
            insert.AddParameter("id", record.RequestId);
            insert.AddParameter("terminal", record.TerminalId);
            insert.AddParameter("municipality", record.MunicipalityCode);
            insert.AddParameter("type", record.CertificateType);
            insert.AddParameter("fee", record.Fee);
            insert.AddParameter("paid", record.Paid ? 1 : 0);
            insert.AddParameter("number", record.CertificateNumber);
            insert.AddParameter("outcome", record.Outcome.ToString());
            insert.AddParameter("stage", record.LastStage?.ToString());
            insert.AddParameter("refusals", string.Join(',', record.Refusals));
            insert.AddParameter("failure", record.FailureCode);
            insert.AddParameter("started", record.StartedAt.UtcDateTime);
            insert.AddParameter("ended", record.EndedAt.UtcDateTime);
            insert.AddParameter("wiped", record.StateWiped ? 1 : 0);
            recorded = await insert.ExecuteNonQueryAsync() == 1;
        }
        if (recorded) await JournalChain.AppendAsync(connection, transaction, LifecycleEntries.For(record, deployment.Entry).ToList(), record.EndedAt, authenticator);
        await using (var leave = connection.Command(transaction, "DELETE FROM request_open WHERE request_id = @id"))
        {
            leave.AddParameter("id", record.RequestId);
            await leave.ExecuteNonQueryAsync();
        }
        return recorded;
    }


    public async Task<LifecycleRecord?> FindAsync(string requestId)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecordColumns} FROM request_lifecycle WHERE request_id = @id";
        command.AddParameter("id", requestId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new LifecycleRecord
        {
            RequestId = reader.GetString(0),
            TerminalId = reader.GetString(1),
            MunicipalityCode = NullableString(reader, 2),
            CertificateType = NullableString(reader, 3),
            Fee = NullableInt(reader, 4),
            Paid = Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture) != 0,
            CertificateNumber = NullableString(reader, 6),
            Outcome = Enum.Parse<RequestOutcome>(reader.GetString(7)),
            LastStage = reader.IsDBNull(8) ? null : Enum.Parse<RequestStage>(reader.GetString(8)),
            Refusals = reader.GetString(9).Split(',', StringSplitOptions.RemoveEmptyEntries),
            FailureCode = NullableString(reader, 10),
            StartedAt = Instant(reader.GetValue(11)),
            EndedAt = Instant(reader.GetValue(12)),
            StateWiped = Convert.ToInt32(reader.GetValue(13), CultureInfo.InvariantCulture) != 0,
        };
    }

    public async Task<CertificateStanding> FindCertificateAsync(string certificateNumber)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT outcome FROM request_lifecycle WHERE certificate_number = @number
            UNION ALL SELECT 'open' FROM request_open WHERE certificate_number = @number
            """;
        command.AddParameter("number", certificateNumber);
        var outcome = await command.ExecuteScalarAsync() as string;
        return outcome switch
        {
            null => CertificateStanding.Unknown,
            "open" => CertificateStanding.Pending,
            nameof(RequestOutcome.Printed) => CertificateStanding.Printed,
            _ => CertificateStanding.Void,
        };
    }

    public async Task<IReadOnlyList<string>> VoidCertificateNumbersAsync(string municipalityCode)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT certificate_number FROM request_lifecycle
             WHERE municipality_code = @m AND certificate_number IS NOT NULL AND outcome <> @printed
             ORDER BY certificate_number
            """;
        command.AddParameter("m", municipalityCode);
        command.AddParameter("printed", nameof(RequestOutcome.Printed));
        var numbers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) numbers.Add(reader.GetString(0));
        return numbers;
    }

    public async Task<OpenRequest?> FindOpenAsync(string requestId)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {OpenColumns} FROM request_open WHERE request_id = @id";
        command.AddParameter("id", requestId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? ReadOpen(reader) : null;
    }

    private static OpenRequest ReadOpen(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3),
            NullableInt(reader, 4), Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture) != 0, NullableString(reader, 6),
            Enum.Parse<RequestStage>(reader.GetString(7)), Instant(reader.GetValue(8)), Instant(reader.GetValue(9)));

    private static void AddOpenParameters(DbCommand command, OpenRequest request)
    {
        command.AddParameter("id", request.RequestId);
        command.AddParameter("terminal", request.TerminalId);
        command.AddParameter("municipality", request.MunicipalityCode);
        command.AddParameter("type", request.CertificateType);
        command.AddParameter("fee", request.Fee);
        command.AddParameter("paid", request.Paid ? 1 : 0);
        command.AddParameter("number", request.CertificateNumber);
        command.AddParameter("stage", request.Stage.ToString());
        command.AddParameter("started", request.StartedAt.UtcDateTime);
        command.AddParameter("expires", request.ExpiresAt.UtcDateTime);
    }

    // SQLite gives text, PostgreSQL a UTC DateTime.
    private static DateTimeOffset Instant(object value) => value switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidDataException($"Unexpected timestamp type {value.GetType().Name}"),
    };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? NullableInt(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
