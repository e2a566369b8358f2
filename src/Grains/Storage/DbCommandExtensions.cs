using System.Data;
using System.Data.Common;

namespace CertOrleans.Grains.Storage;

public static class DbCommandExtensions
{
    /// <summary>
    /// Adds a named parameter the same way on SQLite and PostgreSQL (the SQL names it <c>@name</c>). A null is
    /// sent as a typed NULL, so PostgreSQL can infer the column's type.
    /// </summary>
    public static void AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (value is null) parameter.DbType = DbType.String;
        command.Parameters.Add(parameter);
    }

    /// <summary>A nullable number: typed even when null, so PostgreSQL does not take the null for text.</summary>
    public static void AddParameter(this DbCommand command, string name, int? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value is { } number ? number : DBNull.Value;
        parameter.DbType = DbType.Int32;
        command.Parameters.Add(parameter);
    }
}
