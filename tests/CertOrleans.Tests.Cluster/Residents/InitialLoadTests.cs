using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;

namespace CertOrleans.Tests.Residents;

/// <summary>The bulk initial load writes what the resident grains would have written, on both stores.</summary>
public sealed class InitialLoadTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Bulk_loaded_residents_read_back_through_their_grains_and_later_updates_apply(string kind)
    {
        await using var host = await TestClusterHost.StartAsync(TestStore.Create(kind));
        // 1,200 residents: more than two chunks, with households that straddle chunk boundaries.
        var people = Enumerable.Range(0, 1200).Select(i => TestResidents.Make(i % TestResidents.Capacity, $"6{i / TestResidents.Capacity}") with
        {
            HouseholdNumber = $"B{i / 3}",
        }).ToList();
        var seal = new SealRegistration { SourceVersion = 1, RegistrationNumber = "S-1", SealImagePng = TestCertificates.SealPng("試験"), RegisteredOn = new DateOnly(2020, 1, 1) };
        var lines = people.Select((p, i) => ResidentFile.ToJson(new ResidentEntry(p, i == 0 ? seal : null, []))).ToList();
        lines.Insert(700, "{not json");

        var first = await FeedImport.ImportAsync(new StringReader(string.Join('\n', lines)), host.Grains, initial: true);
        Assert.True(first.Applied == 1200, $"applied {first.Applied}, duplicate {first.Duplicate}, stale {first.Stale}, rejected {string.Join(",", first.Rejected.Select(r => r.Line + ":" + r.Message))}");
        Assert.Equal([701], first.Rejected.Select(r => r.Line));

        var today = new DateOnly(2026, 11, 26);
        foreach (var person in people.Take(50).Concat(people.Skip(495).Take(10)))
        {
            var prepared = await host.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, today);
            Assert.Equal(person, prepared.Data);
        }
        var sealed0 = await host.Grains.GetGrain<IResidentGrain>(people[0].Key.GrainKey).Prepare(CertificateType.SealRegistration, today);
        Assert.Equal("S-1", sealed0.Seal?.RegistrationNumber);
        // Household B166 has people 498, 499 (first chunk) and 500 (second chunk).
        var members = await host.Grains.GetGrain<IHouseholdGrain>(HouseholdKeys.For("092011", "B166")).GetMembers();
        Assert.Equal(people.Skip(498).Take(3).Select(p => p.Key.GrainKey).Order(), members.Select(m => m.GrainKey).Order());

        // Running it again, initial or not, changes nothing.
        var again = await FeedImport.ImportAsync(new StringReader(string.Join('\n', lines)), host.Grains, initial: true);
        Assert.Equal(1200, again.Duplicate);
        // The grains write over bulk-loaded rows as over their own.
        var moved = people[3] with { SourceVersion = 2, Address = "栃木県宇都宮市本町1番1号" };
        Assert.Equal(ApplyOutcome.Applied, await host.Grains.GetGrain<IResidentGrain>(moved.Key.GrainKey).Apply(moved));
        await host.Cluster.DeactivateAsync(host.Grains.GetGrain<IResidentGrain>(moved.Key.GrainKey));
        Assert.Equal(moved.Address, (await host.Grains.GetGrain<IResidentGrain>(moved.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, today)).Data!.Address);
    }
}
