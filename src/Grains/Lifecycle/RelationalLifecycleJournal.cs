using System.Data.Common;
using System.Globalization;
using CertOrleans.Contracts.Requests;
using CertOrleans.Grains.Storage;

namespace CertOrleans.Grains.Lifecycle;

/// <summary>The lifecycle journal in the silo's store (the same SQL on SQLite and PostgreSQL).</summary>
public sealed class RelationalLifecycleJournal(RelationalStore store) : ILifecycleJournal
{
    public async Task AppendAsync(LifecycleRecord record)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        // INSERT, never REPLACE: a request ends once.
        command.CommandText = """
            INSERT INTO request_lifecycle (request_id, terminal_id, municipality_code, certificate_type, fee, paid, certificate_number,
                                           outcome, last_stage, refusals, failure_code, started_at, ended_at, state_wiped)
            VALUES (@id, @terminal, @municipality, @type, @fee, @paid, @number, @outcome, @stage, @refusals, @failure, @started, @ended, @wiped)
            """;
        command.AddParameter("id", record.RequestId);
        command.AddParameter("terminal", record.TerminalId);
        command.AddParameter("municipality", record.MunicipalityCode);
        command.AddParameter("type", record.CertificateType);
        command.AddParameter("fee", record.Fee);
        command.AddParameter("paid", record.Paid ? 1 : 0);
        command.AddParameter("number", record.CertificateNumber);
        command.AddParameter("outcome", record.Outcome.ToString());
        command.AddParameter("stage", record.LastStage?.ToString());
        command.AddParameter("refusals", string.Join(',', record.Refusals));
        command.AddParameter("failure", record.FailureCode);
        command.AddParameter("started", record.StartedAt.UtcDateTime);
        command.AddParameter("ended", record.EndedAt.UtcDateTime);
        command.AddParameter("wiped", record.StateWiped ? 1 : 0);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<LifecycleRecord?> FindAsync(string requestId)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT request_id, terminal_id, municipality_code, certificate_type, fee, paid, certificate_number,
                   outcome, last_stage, refusals, failure_code, started_at, ended_at, state_wiped
              FROM request_lifecycle WHERE request_id = @id
            """;
        command.AddParameter("id", requestId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new LifecycleRecord
        {
            RequestId = reader.GetString(0),
            TerminalId = reader.GetString(1),
            MunicipalityCode = NullableString(reader, 2),
            CertificateType = NullableString(reader, 3),
            Fee = reader.IsDBNull(4) ? null : Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
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


    // SQLite gives text, PostgreSQL a UTC DateTime.
    private static DateTimeOffset Instant(object value) => value switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidDataException($"Unexpected timestamp type {value.GetType().Name}"),
    };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
