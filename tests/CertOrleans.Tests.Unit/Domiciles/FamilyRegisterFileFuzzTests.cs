using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CsCheck;
using Xunit.Abstractions;
using CertOrleans.Tests.Residents;
using CertOrleans.Tests.Support.Fuzz;

namespace CertOrleans.Tests.Domiciles;

/// <summary>
/// Family register files come from the 戸籍 system: whatever a line holds, it is a register or an error (never an
/// exception), an error names no personal value, and an accepted register writes back and reads again the same.
/// </summary>
public sealed class FamilyRegisterFileFuzzTests(ITestOutputHelper output)
{
    private const string Parser = "family-register-file";
    private static readonly IReadOnlyList<string> Seeds = FuzzCorpus.Lines(Parser);
    private static readonly IReadOnlyList<string> SeedValues = Seeds.SelectMany(FuzzJson.PersonalValues).Distinct().ToList();

    private static readonly FamilyRegisterMember[] NoMembers = [];

    private static readonly Gen<string> Inputs =
        Gen.Frequency((1, FuzzMutations.AnyText), (4, FuzzMutations.Mutated(Seeds)), (5, FuzzJson.Mutated(Seeds)));

    [Fact]
    public void Valid_seed_lines_parse_and_round_trip()
    {
        Assert.NotEmpty(Seeds);
        foreach (var line in Seeds)
        {
            var (register, error) = FamilyRegisterFile.Parse(line);
            Assert.Null(error);
            AssertRoundTrips(register!);
        }
        output.WriteLine($"FamilyRegisterFile round trip: {Seeds.Count} seed lines, 0 failures");
    }

    [Fact]
    public void Parse_never_throws_and_gives_a_register_or_an_error()
    {
        long accepted = 0;
        FuzzCorpus.Run(output, "FamilyRegisterFile.Parse", [.. Seeds, .. FuzzCorpus.Regressions(Parser)], Inputs, line =>
        {
            if (CheckLine(line)) Interlocked.Increment(ref accepted);
        }, iterations: 6000, print: FuzzCorpus.Escape);
        // Most damaged lines are refused; the accepted ones are where the round trip is checked.
        output.WriteLine($"FamilyRegisterFile.Parse: {accepted} of them accepted");
    }

    [Fact]
    public async Task ReadAsync_gives_one_result_per_line_with_its_number()
    {
        await FuzzCorpus.RunAsync(output, "FamilyRegisterFile.ReadAsync", [string.Join('\n', Seeds), string.Join("\r\n", FuzzCorpus.Regressions(Parser))],
            FuzzCorpus.Files(Inputs), CheckFileAsync, iterations: 800, print: FuzzCorpus.Escape);
    }

    /// <summary>Checks one line; whether it was accepted.</summary>
    private static bool CheckLine(string line)
    {
        var (register, error) = FamilyRegisterFile.Parse(line);
        Assert.True(register is null != error is null, "exactly one of register and error");
        if (error is not null)
        {
            FuzzJson.AssertNoValueIn(error, line, SeedValues);
            return false;
        }
        // The register's key reaches grain keys, storage keys and log lines: plain ASCII only, nothing trailing.
        Assert.Matches(ResidentFileFuzzTests.MunicipalityCode, register!.MunicipalityCode);
        Assert.Matches(ResidentFileFuzzTests.LocalNumber, register.RegisterNumber);
        Assert.NotEmpty(register.Members);
        foreach (var member in register.Members.Where(m => m.Resident is not null))
        {
            Assert.Equal(register.MunicipalityCode, member.Resident!.Value.MunicipalityCode);
            Assert.Matches(ResidentFileFuzzTests.ResidentNumber, member.Resident.Value.ResidentNumber);
        }
        AssertRoundTrips(register);
        return true;
    }

    private static async Task CheckFileAsync(string file)
    {
        var expected = FuzzCorpus.SplitLines(file).Select((text, i) => (Line: i + 1, Text: text)).Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        var results = new List<(int Line, FamilyRegisterRecord? Register, ResidentFileError? Error)>();
        await foreach (var result in FamilyRegisterFile.ReadAsync(new StringReader(file))) results.Add(result);
        Assert.Equal(expected.Select(l => l.Line), results.Select(r => r.Line));
        foreach (var (result, line) in results.Zip(expected))
        {
            Assert.True(result.Register is null != result.Error is null, $"line {result.Line}: exactly one of register and error");
            var (register, error) = FamilyRegisterFile.Parse(line.Text);
            Assert.Equal(error, result.Error?.Message);
            Assert.Equal(result.Line, result.Error?.Line ?? result.Line);
            if (register is not null) Assert.Equal(FamilyRegisterFile.ToJson(register), FamilyRegisterFile.ToJson(result.Register!));
        }
    }

    /// <summary>What was accepted is written back by <see cref="FamilyRegisterFile.ToJson"/> and read again as the same register.</summary>
    private static void AssertRoundTrips(FamilyRegisterRecord register)
    {
        var json = FamilyRegisterFile.ToJson(register);
        var (again, error) = FamilyRegisterFile.Parse(json);
        Assert.True(error is null, $"the register as written back is refused: {error}");
        Assert.Equal(register with { Members = NoMembers }, again! with { Members = NoMembers });
        Assert.Equal(register.Members.Count, again.Members.Count);
        Assert.Equal(json, FamilyRegisterFile.ToJson(again));
    }
}
