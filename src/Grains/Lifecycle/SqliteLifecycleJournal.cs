using System.Globalization;
using CertOrleans.Contracts.Requests;
using CertOrleans.Grains.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CertOrleans.Grains.Lifecycle;

public sealed class SqliteLifecycleJournal(SqliteStore store) : ILifecycleJournal
{
    public async Task AppendAsync(LifecycleRecord record)
    {
        await using var connection = store.Open();
        await using var command = connection.CreateCommand();
        // INSERT, never REPLACE: a request ends once.
        command.CommandText = """
            INSERT INTO request_lifecycle (request_id, terminal_id, municipality_code, certificate_type, fee, paid, certificate_number,
                                           outcome, last_stage, refusals, failure_code, started_at, ended_at, state_wiped)
            VALUES ($id, $terminal, $municipality, $type, $fee, $paid, $number, $outcome, $stage, $refusals, $failure, $started, $ended, $wiped)
            """;
        command.Parameters.AddWithValue("$id", record.RequestId);
        command.Parameters.AddWithValue("$terminal", record.TerminalId);
        command.Parameters.AddWithValue("$municipality", (object?)record.MunicipalityCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$type", (object?)record.CertificateType ?? DBNull.Value);
        command.Parameters.AddWithValue("$fee", (object?)record.Fee ?? DBNull.Value);
        command.Parameters.AddWithValue("$paid", record.Paid ? 1 : 0);
        command.Parameters.AddWithValue("$number", (object?)record.CertificateNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", record.Outcome.ToString());
        command.Parameters.AddWithValue("$stage", (object?)record.LastStage?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$refusals", string.Join(',', record.Refusals));
        command.Parameters.AddWithValue("$failure", (object?)record.FailureCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$started", record.StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$ended", record.EndedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$wiped", record.StateWiped ? 1 : 0);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<LifecycleRecord?> FindAsync(string requestId)
    {
        await using var connection = store.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT request_id, terminal_id, municipality_code, certificate_type, fee, paid, certificate_number,
                   outcome, last_stage, refusals, failure_code, started_at, ended_at, state_wiped
              FROM request_lifecycle WHERE request_id = $id
            """;
        command.Parameters.AddWithValue("$id", requestId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new LifecycleRecord
        {
            RequestId = reader.GetString(0),
            TerminalId = reader.GetString(1),
            MunicipalityCode = NullableString(reader, 2),
            CertificateType = NullableString(reader, 3),
            Fee = reader.IsDBNull(4) ? null : reader.GetInt32(4),
            Paid = reader.GetInt32(5) != 0,
            CertificateNumber = NullableString(reader, 6),
            Outcome = Enum.Parse<RequestOutcome>(reader.GetString(7)),
            LastStage = reader.IsDBNull(8) ? null : Enum.Parse<RequestStage>(reader.GetString(8)),
            Refusals = reader.GetString(9).Split(',', StringSplitOptions.RemoveEmptyEntries),
            FailureCode = NullableString(reader, 10),
            StartedAt = DateTimeOffset.Parse(reader.GetString(11), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            EndedAt = DateTimeOffset.Parse(reader.GetString(12), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            StateWiped = reader.GetInt32(13) != 0,
        };
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
