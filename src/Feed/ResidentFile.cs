using CertOrleans.Contracts.Keys;
using System.Text.Json;
using System.Text.Json.Serialization;
using CertOrleans.Contracts.Residents;
using CertOrleans.Documents.Images;

namespace CertOrleans.Feed;

/// <summary>Reads and validates resident files; writes them too (for the demo city generator).</summary>
public static class ResidentFile
{
    /// <summary>The longest 前住所 accepted: it wraps when printed, so this bounds the record, not the layout.</summary>
    public const int MaxPreviousAddress = 200;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses every line; yields either a record or an error with its line number. Blank lines are skipped.</summary>
    public static IAsyncEnumerable<(int Line, ResidentEntry? Entry, ResidentFileError? Error)> ReadAsync(TextReader reader, CancellationToken cancellationToken = default, FeedLimits? limits = null) =>
        ReadLinesAsync(reader, Parse, limits ?? FeedLimits.Default, cancellationToken);

    /// <summary>
    /// Parses every non-blank line of a JSON Lines stream as it arrives (a batch may be gigabytes, read from a
    /// file or an HTTP body); yields either an item or an error with its line number.
    /// </summary>
    internal static async IAsyncEnumerable<(int Line, T? Item, ResidentFileError? Error)> ReadLinesAsync<T>(
        TextReader reader, Func<string, (T? Item, string? Error)> parse, FeedLimits limits, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        await foreach (var (number, text, tooMuch) in BoundedLines.ReadAsync(reader, limits, cancellationToken))
        {
            if (tooMuch is not null)
            {
                yield return (number, null, new ResidentFileError(number, tooMuch));
                continue;
            }
            if (string.IsNullOrWhiteSpace(text)) continue;
            var (item, error) = parse(text);
            yield return (number, item, error is null ? null : new ResidentFileError(number, error));
        }
    }

    public static (ResidentEntry? Entry, string? Error) Parse(string json)
    {
        if (UnpairedSurrogate(json) is { } error) return (null, error);
        ResidentLine? line;
        try
        {
            line = JsonSerializer.Deserialize<ResidentLine>(json, Json);
        }
        catch (JsonException ex)
        {
            // The serializer's message names the field and position, not the personal data in it.
            return (null, JsonError(ex));
        }
        if (line is null) return (null, "a line must be a JSON object");
        var problem = Validate(line);
        if (problem is not null) return (null, problem);
        var (glyphs, glyphError) = GlyphLines.Parse(line.Glyphs);
        if (glyphError is not null) return (null, glyphError);
        var record = ToRecord(line) with { Glyphs = glyphs };
        SealRegistration? seal = null;
        if (line.Seal is { } s)
        {
            byte[] image;
            try
            {
                image = Convert.FromBase64String(s.ImagePng);
            }
            catch (FormatException)
            {
                return (null, "seal.imagePng must be a base64 PNG");
            }
            if (PrintablePng.Problem(image) is { } unprintable) return (null, $"seal.imagePng cannot be printed: {unprintable}");
            if (s.SourceVersion < 1 || string.IsNullOrWhiteSpace(s.RegistrationNumber)) return (null, "seal.sourceVersion and seal.registrationNumber are required");
            seal = new SealRegistration { SourceVersion = s.SourceVersion, RegistrationNumber = s.RegistrationNumber, SealImagePng = image, RegisteredOn = s.RegisteredOn, Abolished = s.Abolished };
        }
        var taxes = new List<TaxRecord>();
        foreach (var t in line.TaxRecords ?? [])
        {
            // The serializer's nullable checks do not reach list items: [null] arrives as a null item.
            if (t is null) return (null, "taxRecords: an item is null (each must be an object)");
            if (t.SourceVersion < 1 || t.FiscalYear is < 1990 or > 2100) return (null, "taxRecords: sourceVersion and fiscalYear (e.g. 2026) are required");
            if (TaxProblem(t) is { } taxProblem) return (null, taxProblem);
            taxes.Add(new TaxRecord
            {
                SourceVersion = t.SourceVersion, FiscalYear = t.FiscalYear, SalaryIncome = t.SalaryIncome, TotalIncome = t.TotalIncome,
                Deductions = t.Deductions, TaxableIncome = t.TaxableIncome, MunicipalTax = t.MunicipalTax, PrefecturalTax = t.PrefecturalTax,
                DeductionLines = t.DeductionLines is { Count: > 0 } lines ? lines.Select(d => new TaxDeduction(d.Name.Trim(), d.Amount)).ToList() : null,
                NonTaxable = t.NonTaxable, AmountPaid = t.AmountPaid, PaidAsOf = t.PaidAsOf,
            });
        }
        return (new ResidentEntry(record, seal, taxes), null);
    }

    public static string ToJson(ResidentRecord r) => ToJson(new ResidentEntry(r, null, []));

    public static string ToJson(ResidentEntry entry)
    {
        var r = entry.Record;
        return JsonSerializer.Serialize(new ResidentLine(
            r.Key.MunicipalityCode, r.Key.ResidentNumber, r.SourceVersion, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
            r.DateOfBirth, r.Sex == Sex.Male ? "male" : "female", r.Address, r.ResidentSince, r.AddressSince, r.HouseholdHead, r.Relationship,
            r.PermanentDomicile, r.HeadOfFamilyRegister, StatusName(r.Status), r.MoveOutFiled, r.UnderSupportMeasures, r.NonStandardCharactersPending,
            r.HouseholdNumber, r.MyNumber,
            r.Foreign is { } f ? ForeignLines.ToLine(f) : null,
            entry.Seal is { } s ? new SealLine(s.SourceVersion, s.RegistrationNumber, Convert.ToBase64String(s.SealImagePng), s.RegisteredOn, s.Abolished) : null,
            entry.Taxes.Count == 0 ? null : entry.Taxes.Select(t => new TaxLine(t.SourceVersion, t.FiscalYear, t.SalaryIncome, t.TotalIncome, t.Deductions, t.TaxableIncome, t.MunicipalTax, t.PrefecturalTax,
                t.DeductionLines?.Select(d => new DeductionLine(d.Name, d.Amount)).ToList(), t.NonTaxable, t.AmountPaid, t.PaidAsOf)).ToList(),
            r.FamilyRegisterNumber, GlyphLines.ToLines(r.Glyphs), r.PreviousAddress,
            r.LastChange is { } c ? new ChangeLine(c.Reason.Code(), c.Date) : null), Json);
    }

    /// <summary>
    /// A line with half a UTF-16 surrogate pair cannot be read as JSON (the serializer throws ArgumentException, not
    /// JsonException). A UTF-8 file cannot hold one, but any TextReader can: say where it is, not what is around it.
    /// </summary>
    internal static string? UnpairedSurrogate(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (!char.IsSurrogate(line[i])) continue;
            if (char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1])) i++;
            else return $"invalid text: an unpaired surrogate at character {i + 1}";
        }
        return null;
    }

    /// <summary>Why a line is not acceptable JSON: the field that is not accepted, or where the JSON broke. Never the values.</summary>
    internal static string JsonError(JsonException ex) =>
        UnmappedField(ex.Message) ?? $"invalid JSON{(ex.Path is { Length: > 0 } p ? $" at {p}" : "")}";

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

    /// <summary>Why a tax record cannot be taken: amounts out of range, a 非課税 year with tax, payment data that does not add up, deduction lines out of bounds.</summary>
    private static string? TaxProblem(TaxLine t)
    {
        static bool InRange(long amount) => amount is >= 0 and <= TaxLine.MaxAmount;
        if (!new[] { t.SalaryIncome, t.TotalIncome, t.Deductions, t.TaxableIncome, t.MunicipalTax, t.PrefecturalTax }.All(InRange))
            return $"taxRecords: amounts must be between 0 and 10^12 yen (a trillion)";
        if (t.NonTaxable && t.MunicipalTax + t.PrefecturalTax > 0) return "taxRecords: a nonTaxable year has no municipalTax or prefecturalTax";
        if (t.AmountPaid is { } paid && (paid < 0 || paid > t.MunicipalTax + t.PrefecturalTax))
            return "taxRecords: amountPaid must be between 0 and the year's municipalTax plus prefecturalTax";
        if (t.PaidAsOf is not null && t.AmountPaid is null) return "taxRecords: paidAsOf needs amountPaid";
        if (t.DeductionLines is not { } lines) return null;
        if (lines.Count > TaxLine.MaxDeductionLines) return $"taxRecords: at most {TaxLine.MaxDeductionLines} deductionLines";
        foreach (var line in lines)
        {
            if (line is null) return "taxRecords: a deduction line is null (each must be an object)";
            if (string.IsNullOrWhiteSpace(line.Name) || line.Name.Trim().Length > TaxLine.MaxDeductionNameLength || line.Name.Any(char.IsControl))
                return $"taxRecords: each deduction line needs a name of 1 to {TaxLine.MaxDeductionNameLength} characters";
            if (!InRange(line.Amount)) return $"taxRecords: deduction amounts must be between 0 and 10^12 yen (a trillion)";
        }
        return null;
    }

    private static string? Validate(ResidentLine l)
    {
        if (!ResidentKey.IsValidMunicipalityCode(l.MunicipalityCode)) return "municipalityCode must be a 6-digit 全国地方公共団体コード with a valid check digit";
        if (!ResidentKey.IsValidResidentNumber(l.ResidentNumber)) return "residentNumber must be 1 to 15 digits";
        if (l.SourceVersion < 1) return "sourceVersion must be a positive integer";
        if (!string.IsNullOrWhiteSpace(l.HouseholdNumber) && !MunicipalScopedKey.IsValidLocalNumber(l.HouseholdNumber))
            return $"householdNumber must be {MunicipalScopedKey.LocalNumberRule}";
        if (!string.IsNullOrWhiteSpace(l.FamilyRegisterNumber) && !MunicipalScopedKey.IsValidLocalNumber(l.FamilyRegisterNumber))
            return $"familyRegisterNumber must be {MunicipalScopedKey.LocalNumberRule}";
        // A foreign resident's name in the alphabet may be one word (no given name); their kana is the カタカナ併記名, if registered.
        if (string.IsNullOrWhiteSpace(l.FamilyName) || (l.Foreign is null && string.IsNullOrWhiteSpace(l.GivenName))) return "familyName and givenName are required";
        if (l.Foreign is null && (!IsKatakana(l.FamilyNameKana) || !IsKatakana(l.GivenNameKana))) return "familyNameKana and givenNameKana must be katakana";
        if (l.Foreign is { } foreign && ForeignLines.Validate(l, foreign) is { } foreignProblem) return foreignProblem;
        if (l.Sex is not ("male" or "female")) return "sex must be 'male' or 'female'";
        if (string.IsNullOrWhiteSpace(l.Address)) return "address is required";
        if (string.IsNullOrWhiteSpace(l.HouseholdHead) || string.IsNullOrWhiteSpace(l.Relationship)) return "householdHead and relationship are required";
        if (l.DateOfBirth.Year < 1868) return "dateOfBirth is out of range";
        if (l.ResidentSince < l.DateOfBirth || l.AddressSince < l.DateOfBirth) return "residentSince and addressSince cannot precede dateOfBirth";
        if (ParseStatus(l.Status) is null) return "status must be 'resident', 'movedOut' or 'deceased'";
        if (l.MyNumber is not null && (l.MyNumber.Length != 12 || !l.MyNumber.All(char.IsAsciiDigit))) return "myNumber must be 12 digits";
        if (l.PreviousAddress is { } previous && (string.IsNullOrWhiteSpace(previous) || previous.Length > MaxPreviousAddress || previous.Any(char.IsControl)))
            return $"previousAddress: at most {MaxPreviousAddress} characters, not blank";
        if (l.LastChange is { } change)
        {
            if (ResidentChangeReasons.Parse(change.Reason) is null) return $"lastChange.reason must be one of {string.Join(", ", ResidentChangeReasons.Codes)}";
            if (change.Date < l.DateOfBirth || change.Date.Year > 2100) return "lastChange.date cannot precede dateOfBirth";
        }
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
        HouseholdNumber = string.IsNullOrWhiteSpace(l.HouseholdNumber) ? null : l.HouseholdNumber,
        FamilyRegisterNumber = string.IsNullOrWhiteSpace(l.FamilyRegisterNumber) ? null : l.FamilyRegisterNumber,
        MyNumber = l.MyNumber,
        Foreign = l.Foreign is { } f ? ForeignLines.ToItems(f) : null,
        PreviousAddress = l.PreviousAddress,
        LastChange = l.LastChange is { } c ? new ResidentChange(ResidentChangeReasons.Parse(c.Reason)!.Value, c.Date) : null,
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

    internal static bool IsKatakana(string text) =>
        !string.IsNullOrWhiteSpace(text) && text.All(c => c is >= '\u30A0' and <= '\u30FF' || c == '　' || c == ' ');
}
