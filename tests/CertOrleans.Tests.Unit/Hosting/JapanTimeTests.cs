using System.Text.RegularExpressions;
using CertOrleans.Contracts.Time;

namespace CertOrleans.Tests.Hosting;

/// <summary>Japan's UTC+9 is known in one place (JapanTime): a date, an hour or a report day is never read another way.</summary>
public sealed partial class JapanTimeTests
{
    [Fact]
    public void Only_JapanTime_spells_out_japans_offset()
    {
        var spelled = new[] { "src", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryTools.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(file) is not ("JapanTime.cs" or "JapanTimeTests.cs"))
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => NineHours().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepositoryTools.Root, x.file)}:{x.i + 1}")
            .ToList();
        Assert.True(spelled.Count == 0, "UTC+9 spelled out outside JapanTime:\n" + string.Join('\n', spelled));
    }

    [Fact]
    public void A_date_in_japan_turns_at_japans_midnight()
    {
        Assert.Equal(new DateOnly(2026, 12, 7), JapanTime.DateOf(new DateTimeOffset(2026, 12, 7, 14, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 8), JapanTime.DateOf(new DateTimeOffset(2026, 12, 7, 15, 0, 0, TimeSpan.Zero)));
        Assert.Equal(9, new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero).InJapan().Hour);
    }

    // Code that makes Japan's time itself; an instant written out in a test's data ("…T09:00:00+09:00") is not that.
    [GeneratedRegex(@"FromHours\(\s*9\s*\)|AddHours\(\s*9\s*\)|""[+]09:00""")]
    private static partial Regex NineHours();
}
