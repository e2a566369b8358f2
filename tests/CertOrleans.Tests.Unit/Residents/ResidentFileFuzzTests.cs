using System.Text.RegularExpressions;
using CertOrleans.Feed;
using CsCheck;
using Xunit.Abstractions;
using CertOrleans.Tests.Support.Fuzz;

namespace CertOrleans.Tests.Residents;

/// <summary>
/// Resident files come from each city's registry system: whatever a line holds, it is an entry or an error
/// (never an exception that stops the import), an error names no personal value, and what is accepted can be
/// written back and read again to the same entry.
/// </summary>
public sealed class ResidentFileFuzzTests(ITestOutputHelper output)
{
    private const string Parser = "resident-file";
    private static readonly IReadOnlyList<string> Seeds = FuzzCorpus.Lines(Parser);
    private static readonly IReadOnlyList<string> SeedValues = Seeds.SelectMany(FuzzJson.PersonalValues).Distinct().ToList();

    internal static readonly Gen<string> Inputs =
        Gen.Frequency((1, FuzzMutations.AnyText), (4, FuzzMutations.Mutated(Seeds)), (5, FuzzJson.Mutated(Seeds)));

    [Fact]
    public void Valid_seed_lines_parse_and_round_trip()
    {
        Assert.NotEmpty(Seeds);
        foreach (var line in Seeds)
        {
            var (entry, error) = ResidentFile.Parse(line);
            Assert.Null(error);
            AssertRoundTrips(entry!);
        }
        output.WriteLine($"ResidentFile round trip: {Seeds.Count} seed lines, 0 failures");
    }

    [Fact]
    public void Parse_never_throws_and_gives_an_entry_or_an_error()
    {
        long accepted = 0;
        FuzzCorpus.Run(output, "ResidentFile.Parse", [.. Seeds, .. FuzzCorpus.Regressions(Parser)], Inputs, line =>
        {
            if (CheckLine(line)) Interlocked.Increment(ref accepted);
        }, iterations: 6000, print: FuzzCorpus.Escape);
        // Most damaged lines are refused; the accepted ones are where the round trip is checked.
        output.WriteLine($"ResidentFile.Parse: {accepted} of them accepted");
    }

    [Fact]
    public async Task ReadAsync_gives_one_result_per_line_with_its_number()
    {
        await FuzzCorpus.RunAsync(output, "ResidentFile.ReadAsync", [string.Join('\n', Seeds), string.Join("\r\n", FuzzCorpus.Regressions(Parser))],
            FuzzCorpus.Files(Inputs), CheckFileAsync, iterations: 800, print: FuzzCorpus.Escape);
    }

    /// <summary>Checks one line; whether it was accepted.</summary>
    private static bool CheckLine(string line)
    {
        var (entry, error) = ResidentFile.Parse(line);
        Assert.True(entry is null != error is null, "exactly one of entry and error");
        if (error is not null)
        {
            FuzzJson.AssertNoValueIn(error, line, SeedValues);
            return false;
        }
        var record = entry!.Record;
        // Keys reach grain keys, storage keys and log lines: plain ASCII only, nothing trailing.
        Assert.Matches(MunicipalityCode, record.Key.MunicipalityCode);
        Assert.Matches(ResidentNumber, record.Key.ResidentNumber);
        if (record.HouseholdNumber is { } household) Assert.Matches(LocalNumber, household);
        if (record.FamilyRegisterNumber is { } register) Assert.Matches(LocalNumber, register);
        AssertRoundTrips(entry);
        return true;
    }

    private static async Task CheckFileAsync(string file)
    {
        var lines = FuzzCorpus.SplitLines(file);
        var expected = lines.Select((text, i) => (Line: i + 1, Text: text)).Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        var results = new List<(int Line, ResidentEntry? Entry, ResidentFileError? Error)>();
        await foreach (var result in ResidentFile.ReadAsync(new StringReader(file))) results.Add(result);
        Assert.Equal(expected.Select(l => l.Line), results.Select(r => r.Line));
        foreach (var (result, line) in results.Zip(expected))
        {
            Assert.True(result.Entry is null != result.Error is null, $"line {result.Line}: exactly one of entry and error");
            var (entry, error) = ResidentFile.Parse(line.Text);
            Assert.Equal(error, result.Error?.Message);
            Assert.Equal(result.Line, result.Error?.Line ?? result.Line);
            if (entry is not null) Assert.Equal(ResidentFile.ToJson(entry), ResidentFile.ToJson(result.Entry!));
        }
    }

    /// <summary>What was accepted is written back by <see cref="ResidentFile.ToJson(ResidentEntry)"/> and read again as the same entry.</summary>
    private static void AssertRoundTrips(ResidentEntry entry)
    {
        var json = ResidentFile.ToJson(entry);
        var (again, error) = ResidentFile.Parse(json);
        Assert.True(error is null, $"the entry as written back is refused: {error}");
        Assert.Equal(entry.Record, again!.Record);
        Assert.Equal(entry.Seal is null, again.Seal is null);
        if (entry.Seal is { } seal)
        {
            Assert.Equal(seal.SealImagePng, again.Seal!.SealImagePng);
            Assert.Equal(seal with { SealImagePng = Array.Empty<byte>() }, again.Seal with { SealImagePng = Array.Empty<byte>() });
        }
        Assert.Equal(entry.Taxes, again.Taxes);
        Assert.Equal(json, ResidentFile.ToJson(again));
    }

    internal static readonly Regex MunicipalityCode = new("\\A[0-9]{6}\\z");
    internal static readonly Regex ResidentNumber = new("\\A[0-9]{1,15}\\z");
    internal static readonly Regex LocalNumber = new("\\A[0-9A-Za-z][0-9A-Za-z-]{0,19}\\z");
}
