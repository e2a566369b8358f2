using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Commands;

internal static class Parsing
{
    /// <summary>Parses "092011-100000001" (municipality code, hyphen, resident number).</summary>
    public static ResidentKey ParseResident(string text)
    {
        var parts = text.Split('-');
        if (parts.Length != 2 || !ResidentKey.IsValidMunicipalityCode(parts[0]) || !ResidentKey.IsValidResidentNumber(parts[1]))
            throw new UsageException($"'{text}' is not a resident id: expected <municipality code>-<resident number>, e.g. 092011-100000001.");
        return new ResidentKey(parts[0], parts[1]);
    }

    public static string Format(ResidentKey key) => $"{key.MunicipalityCode}-{key.ResidentNumber}";
}

/// <summary>A mistake in how a command was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
