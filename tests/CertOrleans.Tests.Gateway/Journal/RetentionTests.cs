using CertOrleans.Contracts.Time;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Reports;
using CertOrleans.Contracts.Residents;
using CertOrleans.Feed;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Journal;

/// <summary>Removed residents' data (除票) is kept for the city's retention period, then purged on record; the registry can delete outright.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RetentionTests(GatewayFixture fixture)
{
    private const string Code = "092088"; // 小山市, a municipality of its own
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Registry() => fixture.BearerClient(GatewayFixture.RegistryKey);

    private DateOnly Today => DateOnly.FromDateTime(fixture.Host.Time.GetUtcNow().InJapan().DateTime);

    private async Task EnsureMunicipalityAsync()
    {
        var municipality = fixture.Host.Grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(Code));
        if (await municipality.Get() is null)
            await municipality.Configure(new MunicipalityConfiguration
            {
                Name = "小山市", Prefecture = "栃木県", MayorTitle = "小山市長", MayorName = "試験　七郎",
                Fees = new Dictionary<string, int> { ["juminhyo"] = 200 }, RemovedRecordRetentionDays = 30,
            }, "test");
    }

    private async Task<ResidentRecord> PutAsync(int i, ResidencyStatus status, long version = 1)
    {
        var person = TestResidents.Make(i, "61", r => r with { Key = r.Key with { MunicipalityCode = Code }, Status = status, SourceVersion = version, HouseholdNumber = null });
        var response = await Registry().PutAsync("registry/v1/residents", new StringContent(ResidentFile.ToJson(person), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return person;
    }

    private async Task<List<JournalEntry>> JournalAsync(string kind) =>
        (await fixture.BearerClient(GatewayFixture.AdminKey).GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/{Code}/journal/bundle", Json))!
            .Entries.Where(e => e.Kind == kind).ToList();

    [Fact]
    public async Task Moved_out_and_deceased_data_is_purged_after_the_retention_period_and_the_purge_is_journaled()
    {
        await EnsureMunicipalityAsync();
        var movedOut = await PutAsync(1, ResidencyStatus.MovedOut);
        var deceased = await PutAsync(2, ResidencyStatus.Deceased);
        var stays = await PutAsync(3, ResidencyStatus.Resident);
        var back = await PutAsync(4, ResidencyStatus.MovedOut);
        await PutAsync(4, ResidencyStatus.Resident, version: 2); // moved back in: nothing to purge
        var retention = fixture.Host.Grains.GetGrain<IRetentionGrain>(RetentionKeys.For(Code));
        var status = await retention.GetStatus();
        Assert.Equal((2, Today, 30), (status.RemovedRecords, status.OldestRemovedOn, status.RetentionDays));

        // Nothing is due today; one removal recorded 31 days ago (as if the registry had said so then) is.
        Assert.Equal(0, await retention.PurgeDue());
        await retention.Removed(movedOut.Key.GrainKey, Today.AddDays(-31));
        Assert.Equal(1, await retention.PurgeDue());

        Assert.False(await fixture.Host.Grains.GetGrain<IResidentGrain>(movedOut.Key.GrainKey).Exists());
        Assert.True(await fixture.Host.Grains.GetGrain<IResidentGrain>(deceased.Key.GrainKey).Exists());
        Assert.True(await fixture.Host.Grains.GetGrain<IResidentGrain>(stays.Key.GrainKey).Exists());
        Assert.True(await fixture.Host.Grains.GetGrain<IResidentGrain>(back.Key.GrainKey).Exists());
        var purge = Assert.Single(await JournalAsync(JournalKinds.RecordsPurged));
        Assert.Contains("\"purged\":\"1\"", purge.Body);
        Assert.DoesNotContain(movedOut.FamilyName, purge.Body);
        Assert.DoesNotContain(movedOut.Key.ResidentNumber, purge.Body);

        // The council's report: records held, and how long the oldest removed one has been.
        var council = (await fixture.BearerClient(GatewayFixture.AdminKey).GetFromJsonAsync<CouncilReport>($"admin/v1/municipalities/{Code}/reports/council?from={Today.AddDays(-30):yyyy-MM-dd}&to={Today:yyyy-MM-dd}", Json))!;
        Assert.Equal((1, 0, 30), (council.Data.RemovedRecords, council.Data.OldestRemovedRecordDays, council.Data.RetentionDays));
        Assert.True(council.Data.Residents >= 3);
    }

    [Fact]
    public async Task The_registry_deletes_a_record_outright_on_record_with_the_holders_pseudonym_only()
    {
        await EnsureMunicipalityAsync();
        var person = await PutAsync(11, ResidencyStatus.Resident);
        var path = $"registry/v1/residents/{Code}/{person.Key.ResidentNumber}";

        var deleted = await Registry().DeleteAsync(path);
        Assert.Equal("deleted", (await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.False(await fixture.Host.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey).Exists());
        Assert.Equal("absent", (await (await Registry().DeleteAsync(path)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());

        var entry = Assert.Single(await JournalAsync(JournalKinds.RecordDeleted), e => e.Body.Contains("holder", StringComparison.Ordinal));
        Assert.DoesNotContain(person.Key.ResidentNumber, entry.Body);
        Assert.DoesNotContain(person.FamilyName, entry.Body);
        // Another city's registry may not delete here.
        await TerminalApiTests.AssertProblem(await fixture.BearerClient(GatewayFixture.CityRegistryKey).DeleteAsync(path), HttpStatusCode.Forbidden, "key-out-of-scope");
    }
}
