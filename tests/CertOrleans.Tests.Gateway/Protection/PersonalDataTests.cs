using CertOrleans.Feed;
using CertOrleans.Kiosk;

namespace CertOrleans.Tests.Protection;

[Collection(GatewayCollection.Name)]
public sealed class PersonalDataTests(GatewayFixture fixture)
{
    [Fact]
    public async Task No_name_address_or_birth_date_reaches_the_logs_of_silo_or_gateway()
    {
        var people = await fixture.NewResidentsWithCardsAsync(3);
        var kiosk = fixture.Kiosk();
        await kiosk.RunAsync(people[0].Card, TestPki.CardPin, "092011", "juminhyo");
        // Failures log too: a wrong terminal, a refusal, a bad signature.
        var started = await kiosk.StartAsync("092011", people[1].Card.Certificate);
        await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk(GatewayFixture.OtherTerminal).CancelAsync(started.RequestId));
        await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.AuthenticateAsync(started.RequestId, new byte[64]));
        await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>(people[2].Resident.Key.GrainKey)
            .Apply(people[2].Resident with { SourceVersion = 2, UnderSupportMeasures = true });
        await Assert.ThrowsAsync<KioskProblemException>(() => kiosk.RunAsync(people[2].Card, TestPki.CardPin, "092011", "juminhyo"));

        var logs = string.Join('\n', fixture.Host.Logs.Lines);
        Assert.Contains("ended Printed", logs); // the capture works and sees our own log lines
        foreach (var (resident, _) in people)
        {
            Assert.DoesNotContain(resident.FamilyName + "　" + resident.GivenName, logs);
            Assert.DoesNotContain(resident.Address, logs);
            Assert.DoesNotContain(resident.DateOfBirth.ToString("yyyy-MM-dd"), logs);
            Assert.DoesNotContain(resident.FamilyNameKana, logs);
        }
    }

    [Fact]
    public async Task The_import_rejects_bad_lines_by_number_and_applies_the_rest()
    {
        var good = TestResidents.Make(11, "6");
        var goodLine = ResidentFile.ToJson(good);
        var withMyNumber = ResidentFile.ToJson(TestResidents.Make(12, "6") with { MyNumber = "123456789018" });
        var file = string.Join('\n', goodLine, goodLine.Replace("\"sex\":\"male\"", "\"sex\":\"x\"").Replace("\"sex\":\"female\"", "\"sex\":\"x\""), goodLine, withMyNumber);

        var report = await FeedImport.ImportAsync(new StringReader(file), fixture.Host.Grains);

        Assert.Equal(1, report.Applied);
        Assert.Equal(1, report.Duplicate);
        // Line 4: 宇都宮市 does not print 個人番号, so the registry may not send it; nothing of that line is stored.
        Assert.Equal([2, 4], report.Rejected.Select(r => r.Line));
        Assert.Contains("myNumber", report.Rejected[1].Message);
        Assert.False(await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>(TestResidents.Make(12, "6").Key.GrainKey).Exists());
        Assert.True(await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>(good.Key.GrainKey).Exists());
    }
}
