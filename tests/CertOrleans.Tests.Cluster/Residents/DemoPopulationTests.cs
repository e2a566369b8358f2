using CertOrleans.Contracts.Time;
using CertOrleans.Admin.Demo;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;

namespace CertOrleans.Tests.Residents;

/// <summary>
/// Every resident the synthetic cities generate is one the registry feed and the resident grains take: the load
/// generator and the fault test feed a 300-household city, numbered apart, on today's date, and stop at the first
/// rejected record.
/// </summary>
public sealed class DemoPopulationTests
{
    /// <summary>As the fault test's load generator makes them: 100 households in each city, seeds 7, 8 and 9, Japan's today.</summary>
    public static TheoryData<int> Cities => [0, 1, 2];

    [Theory]
    [MemberData(nameof(Cities))]
    public async Task The_load_generators_population_is_taken_by_the_feed_and_the_grains(int index)
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Create("sqlite"));
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        var people = DemoCity.Stream(100, 7 + index, today, city: DemoCities.All[index], numbering: 700000001)
            .Where(e => e.Record.Status == ResidencyStatus.Resident && !e.Record.UnderSupportMeasures && !e.Record.MoveOutFiled
                && e.Record.DateOfBirth < today.AddYears(-16) && e.Seal is not null && e.Taxes.Count > 0
                && (e.Record.Foreign?.PeriodOfStayEnds is not { } ends || ends >= today))
            .ToList();
        var report = await FeedImport.ImportAsync(new StringReader(string.Join('\n', people.Select(ResidentFile.ToJson))), host.Grains);
        Assert.True(report.Rejected.Count == 0, string.Join("; ", report.Rejected.Select(r => $"line {r.Line}: {r.Message}")));
        Assert.Equal(people.Count, report.Applied);
    }
}
