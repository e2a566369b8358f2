using System.Text.Json;
using System.Text.Json.Serialization;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Admin.Residents;

/// <summary>
/// One line of a resident file (JSON Lines, UTF-8). Only the fields certificates need are accepted:
/// an unknown field (a My Number, a 住民票コード, anything else) rejects the line, naming the field.
/// </summary>
public sealed record ResidentLine(
    string MunicipalityCode,
    string ResidentNumber,
    long SourceVersion,
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly DateOfBirth,
    string Sex,
    string Address,
    DateOnly ResidentSince,
    DateOnly AddressSince,
    string HouseholdHead,
    string Relationship,
    string? PermanentDomicile = null,
    string? HeadOfFamilyRegister = null,
    string Status = "resident",
    bool MoveOutFiled = false,
    bool UnderSupportMeasures = false,
    bool NonStandardCharactersPending = false);

public sealed record ResidentFileError(int Line, string Message);

/// <summary>Reads and validates resident files; writes them too (for the demo city generator).</summary>
public static class ResidentFile
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses every line; yields either a record or an error with its line number. Blank lines are skipped.</summary>
    public static IEnumerable<(int Line, ResidentRecord? Record, ResidentFileError? Error)> Read(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var (record, error) = Parse(text);
            yield return (number, record, error is null ? null : new ResidentFileError(number, error));
        }
    }

    public static (ResidentRecord? Record, string? Error) Parse(string json)
    {
        ResidentLine? line;
        try
        {
            line = JsonSerializer.Deserialize<ResidentLine>(json, Json);
        }
        catch (JsonException ex)
        {
            // The serializer's message names the field and position, not the personal data in it.
            return (null, UnmappedField(ex.Message) ?? $"invalid JSON{(ex.Path is { Length: > 0 } p ? $" at {p}" : "")}");
        }
        if (line is null) return (null, "a line must be a JSON object");
        var problem = Validate(line);
        return problem is null ? (ToRecord(line), null) : (null, problem);
    }

    public static string ToJson(ResidentRecord r) => JsonSerializer.Serialize(new ResidentLine(
        r.Key.MunicipalityCode, r.Key.ResidentNumber, r.SourceVersion, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
        r.DateOfBirth, r.Sex == Sex.Male ? "male" : "female", r.Address, r.ResidentSince, r.AddressSince, r.HouseholdHead, r.Relationship,
        r.PermanentDomicile, r.HeadOfFamilyRegister, StatusName(r.Status), r.MoveOutFiled, r.UnderSupportMeasures, r.NonStandardCharactersPending), Json);

    private static string? UnmappedField(string message)
    {
        // "The JSON property 'myNumber' could not be mapped to any .NET member ..."
        const string marker = "The JSON property '";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        start += marker.Length;
        var end = message.IndexOf('\'', start);
        return end < 0 ? null : $"field '{message[start..end]}' is not accepted (only the items certificates need may be sent)";
    }

    private static string? Validate(ResidentLine l)
    {
        if (!ResidentKey.IsValidMunicipalityCode(l.MunicipalityCode)) return "municipalityCode must be a 6-digit 全国地方公共団体コード with a valid check digit";
        if (!ResidentKey.IsValidResidentNumber(l.ResidentNumber)) return "residentNumber must be 1 to 15 digits";
        if (l.SourceVersion < 1) return "sourceVersion must be a positive integer";
        if (string.IsNullOrWhiteSpace(l.FamilyName) || string.IsNullOrWhiteSpace(l.GivenName)) return "familyName and givenName are required";
        if (!IsKatakana(l.FamilyNameKana) || !IsKatakana(l.GivenNameKana)) return "familyNameKana and givenNameKana must be katakana";
        if (l.Sex is not ("male" or "female")) return "sex must be 'male' or 'female'";
        if (string.IsNullOrWhiteSpace(l.Address)) return "address is required";
        if (string.IsNullOrWhiteSpace(l.HouseholdHead) || string.IsNullOrWhiteSpace(l.Relationship)) return "householdHead and relationship are required";
        if (l.DateOfBirth.Year < 1868) return "dateOfBirth is out of range";
        if (l.ResidentSince < l.DateOfBirth || l.AddressSince < l.DateOfBirth) return "residentSince and addressSince cannot precede dateOfBirth";
        if (ParseStatus(l.Status) is null) return "status must be 'resident', 'movedOut' or 'deceased'";
        return null;
    }

    private static ResidentRecord ToRecord(ResidentLine l) => new()
    {
        Key = new ResidentKey(l.MunicipalityCode, l.ResidentNumber),
        SourceVersion = l.SourceVersion,
        FamilyName = l.FamilyName,
        GivenName = l.GivenName,
        FamilyNameKana = l.FamilyNameKana,
        GivenNameKana = l.GivenNameKana,
        DateOfBirth = l.DateOfBirth,
        Sex = l.Sex == "male" ? Sex.Male : Sex.Female,
        Address = l.Address,
        ResidentSince = l.ResidentSince,
        AddressSince = l.AddressSince,
        HouseholdHead = l.HouseholdHead,
        Relationship = l.Relationship,
        PermanentDomicile = string.IsNullOrWhiteSpace(l.PermanentDomicile) ? null : l.PermanentDomicile,
        HeadOfFamilyRegister = string.IsNullOrWhiteSpace(l.HeadOfFamilyRegister) ? null : l.HeadOfFamilyRegister,
        Status = ParseStatus(l.Status)!.Value,
        MoveOutFiled = l.MoveOutFiled,
        UnderSupportMeasures = l.UnderSupportMeasures,
        NonStandardCharactersPending = l.NonStandardCharactersPending,
    };

    private static ResidencyStatus? ParseStatus(string status) => status switch
    {
        "resident" => ResidencyStatus.Resident,
        "movedOut" => ResidencyStatus.MovedOut,
        "deceased" => ResidencyStatus.Deceased,
        _ => null,
    };

    private static string StatusName(ResidencyStatus status) => status switch
    {
        ResidencyStatus.MovedOut => "movedOut",
        ResidencyStatus.Deceased => "deceased",
        _ => "resident",
    };

    private static bool IsKatakana(string text) =>
        !string.IsNullOrWhiteSpace(text) && text.All(c => c is >= '\u30A0' and <= '\u30FF' || c == '　' || c == ' ');
}
