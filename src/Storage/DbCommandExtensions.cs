using System.Data;
using System.Data.Common;

namespace CertOrleans.Storage;

public static class DbCommandExtensions
{
    /// <summary>A command in <paramref name="transaction"/>.</summary>
    public static DbCommand Command(this DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// Adds a named parameter the same way on SQLite and PostgreSQL (the SQL names it <c>@name</c>). A null is
    /// sent as a typed NULL, so PostgreSQL can infer the column's type.
    /// </summary>
    public static void AddParameter(this DbCommand command, string name, object? value) =>
        Add(command, name, value, value is null ? DbType.String : null);

    /// <summary>A nullable number: typed even when null, so PostgreSQL does not take the null for text.</summary>
    public static void AddParameter(this DbCommand command, string name, int? value) => Add(command, name, value, DbType.Int32);

    private static void Add(DbCommand command, string name, object? value, DbType? type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (type is { } dbType) parameter.DbType = dbType;
        command.Parameters.Add(parameter);
    }
}
