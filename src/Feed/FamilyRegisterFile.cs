using CertOrleans.Contracts.Keys;
using System.Text.Json;
using CertOrleans.Contracts.Residents;

namespace CertOrleans.Feed;

public sealed record FamilyRegisterLine(
    string MunicipalityCode,
    string RegisterNumber,
    long SourceVersion,
    string PermanentDomicile,
    string HeadName,
    DateOnly CompiledOn,
    IReadOnlyList<FamilyMemberLine> Members,
    bool PendingFilings = false,
    IReadOnlyList<GlyphLine>? Glyphs = null);

public sealed record FamilyMemberLine(
    string Name,
    DateOnly DateOfBirth,
    string Sex,
    string Relationship,
    string? ResidentNumber = null,
    string? Father = null,
    string? Mother = null,
    bool Removed = false,
    IReadOnlyList<FamilyEventLine>? Events = null,
    IReadOnlyList<AddressLine>? AddressHistory = null);

public sealed record FamilyEventLine(string Kind, DateOnly Date, string Detail);

public sealed record AddressLine(string Address, DateOnly Since);

/// <summary>Family register files (JSON Lines, one 戸籍 a line), as the 戸籍 system sends them.</summary>
public static class FamilyRegisterFile
{
    public static IAsyncEnumerable<(int Line, FamilyRegisterRecord? Register, ResidentFileError? Error)> ReadAsync(TextReader reader, CancellationToken cancellationToken = default, FeedLimits? limits = null) =>
        ResidentFile.ReadLinesAsync(reader, Parse, limits ?? FeedLimits.Default, cancellationToken);

    public static (FamilyRegisterRecord? Register, string? Error) Parse(string json)
    {
        if (ResidentFile.UnpairedSurrogate(json) is { } error) return (null, error);
        FamilyRegisterLine? line;
        try
        {
            line = JsonSerializer.Deserialize<FamilyRegisterLine>(json, ResidentFile.Json);
        }
        catch (JsonException ex)
        {
            return (null, ResidentFile.JsonError(ex));
        }
        if (line is null) return (null, "a line must be a JSON object");
        if (!ResidentKey.IsValidMunicipalityCode(line.MunicipalityCode)) return (null, "municipalityCode must be a 6-digit 全国地方公共団体コード with a valid check digit");
        if (string.IsNullOrWhiteSpace(line.RegisterNumber) || line.SourceVersion < 1) return (null, "registerNumber and sourceVersion are required");
        if (!MunicipalScopedKey.IsValidLocalNumber(line.RegisterNumber)) return (null, $"registerNumber must be {MunicipalScopedKey.LocalNumberRule}");
        if (string.IsNullOrWhiteSpace(line.PermanentDomicile) || string.IsNullOrWhiteSpace(line.HeadName)) return (null, "permanentDomicile and headName are required");
        if (line.Members.Count == 0) return (null, "members must not be empty");
        var (glyphs, glyphError) = GlyphLines.Parse(line.Glyphs);
        if (glyphError is not null) return (null, glyphError);
        var members = new List<FamilyRegisterMember>();
        foreach (var m in line.Members)
        {
            // The serializer's nullable checks do not reach list items: [null] arrives as a null item.
            if (m is null) return (null, "members: an item is null (each must be an object)");
            if (m.Events?.Any(e => e is null) == true || m.AddressHistory?.Any(a => a is null) == true)
                return (null, "members: an item of events or addressHistory is null (each must be an object)");
            if (string.IsNullOrWhiteSpace(m.Name) || m.Sex is not ("male" or "female")) return (null, "members: name and sex ('male' or 'female') are required");
            if (m.ResidentNumber is not null && !ResidentKey.IsValidResidentNumber(m.ResidentNumber)) return (null, "members: residentNumber must be 1 to 15 digits");
            members.Add(new FamilyRegisterMember
            {
                Resident = m.ResidentNumber is null ? null : new ResidentKey(line.MunicipalityCode, m.ResidentNumber),
                Name = m.Name,
                DateOfBirth = m.DateOfBirth,
                Sex = m.Sex == "male" ? Sex.Male : Sex.Female,
                Father = m.Father,
                Mother = m.Mother,
                Relationship = m.Relationship,
                Removed = m.Removed,
                Events = (m.Events ?? []).Select(e => new FamilyRegisterEvent(e.Kind, e.Date, e.Detail)).ToList(),
                AddressHistory = (m.AddressHistory ?? []).Select(a => new AddressEntry(a.Address, a.Since)).ToList(),
            });
        }
        return (new FamilyRegisterRecord
        {
            MunicipalityCode = line.MunicipalityCode,
            RegisterNumber = line.RegisterNumber,
            SourceVersion = line.SourceVersion,
            PermanentDomicile = line.PermanentDomicile,
            HeadName = line.HeadName,
            CompiledOn = line.CompiledOn,
            PendingFilings = line.PendingFilings,
            Members = members,
            Glyphs = glyphs,
        }, null);
    }

    public static string ToJson(FamilyRegisterRecord r) => JsonSerializer.Serialize(new FamilyRegisterLine(
        r.MunicipalityCode, r.RegisterNumber, r.SourceVersion, r.PermanentDomicile, r.HeadName, r.CompiledOn,
        r.Members.Select(m => new FamilyMemberLine(m.Name, m.DateOfBirth, m.Sex == Sex.Male ? "male" : "female", m.Relationship, m.Resident?.ResidentNumber,
            m.Father, m.Mother, m.Removed,
            m.Events.Select(e => new FamilyEventLine(e.Kind, e.Date, e.Detail)).ToList(),
            m.AddressHistory.Select(a => new AddressLine(a.Address, a.Since)).ToList())).ToList(),
        r.PendingFilings, GlyphLines.ToLines(r.Glyphs)), ResidentFile.Json);
}
