using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Kiosk;

namespace CertOrleans.Tests.Requests;

/// <summary>
/// The 2023 incident class (Yokohama, Kawasaki, Takamatsu): many kiosks at once, on more than one silo.
/// Every certificate must name exactly its own card holder, on every page, and nobody else. A quarter of the holders
/// have their 本籍 in 八王子市, are registered there, and print 八王子市's 戸籍個人事項証明書 in the same burst.
/// </summary>
[Collection(TwoSiloGatewayCollection.Name)]
public sealed class MixUpTests(TwoSiloGatewayFixture fixture)
{
    private const int Sessions = 200;
    private const int Terminals = 20;

    [Fact]
    public async Task Two_hundred_simultaneous_sessions_each_get_only_their_own_certificate()
    {
        Assert.Equal(2, fixture.Host.Cluster.GetActiveSilos().Count());
        // Every fourth holder's 本籍 is in 八王子市 (a 本籍 of their own, printed where a 住民票 prints the address).
        var fromDomicile = (int i) => i % 4 == 3;
        var people = await fixture.NewResidentsWithCardsAsync(Sessions);
        var places = new List<string>();
        for (var i = 0; i < Sessions; i++)
        {
            if (!fromDomicile(i)) { places.Add(people[i].Resident.Address); continue; }
            var resident = people[i].Resident with { SourceVersion = 2, PermanentDomicile = TestDomiciles.DomicileOf(i) };
            await fixture.Host.Grains.GetGrain<Contracts.Residents.IResidentGrain>(resident.Key.GrainKey).Apply(resident);
            await TestDomiciles.StoreRegisterAsync(fixture.Host.Grains, resident, resident.PermanentDomicile!, $"mix-{resident.Key.ResidentNumber}");
            places.Add(resident.PermanentDomicile!);
        }
        var terminals = new List<KioskClient>();
        for (var t = 0; t < Terminals; t++)
        {
            var id = $"kiosk-mixup-{t:D4}";
            await fixture.Host.Grains.GetGrain<ITerminalGrain>(id).Register(new TerminalRegistration("Mix Mart", $"店舗{t}"), "test");
            terminals.Add(new KioskClient(fixture.Client(id, maxConnections: Sessions / Terminals)));
        }
        await Task.WhenAll(people.Where((_, i) => fromDomicile(i)).Select((person, i) => terminals[i % Terminals].RegisterAsync(person.Card, TestPki.CardPin, "092011")));

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sessions = people.Select(async (person, i) =>
        {
            await gate.Task;
            return fromDomicile(i)
                ? await terminals[i % Terminals].RunAsync(person.Card, TestPki.CardPin, "092011", "koseki-kojin", fromDomicile: true)
                : await terminals[i % Terminals].RunAsync(person.Card, TestPki.CardPin, "092011", "juminhyo");
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(sessions);

        var names = people.Select(p => PdfText.Compact(p.Resident.FullName)).ToList();
        var addresses = places.Select(PdfText.Compact).ToList();
        var numbers = results.Select(r => r.Document.CertificateNumber).ToList();
        Assert.Equal(Sessions, numbers.Distinct().Count());
        Assert.Equal(Sessions, names.Distinct().Count());

        var mixUps = new List<string>();
        for (var i = 0; i < Sessions; i++)
        {
            var result = results[i];
            Assert.Equal("Printed", result.Outcome);
            Assert.StartsWith(fromDomicile(i) ? "132012-" : "092011-", result.Document.CertificateNumber, StringComparison.Ordinal);
            var pages = PdfText.Pages(result.Document.Pdf);
            Assert.Equal(result.Document.PageCount, pages.Count);
            for (var p = 0; p < pages.Count; p++)
            {
                var page = pages[p];
                if (!page.Contains(names[i]) || !page.Contains(addresses[i])) mixUps.Add($"session {i} page {p + 1}: own name or address missing");
                if (!page.Contains(numbers[i])) mixUps.Add($"session {i} page {p + 1}: own certificate number missing");
                for (var j = 0; j < Sessions; j++)
                {
                    if (j == i) continue;
                    if (page.Contains(names[j])) mixUps.Add($"session {i} page {p + 1}: names resident of session {j}");
                    if (page.Contains(numbers[j])) mixUps.Add($"session {i} page {p + 1}: carries certificate number of session {j}");
                }
            }
        }
        Assert.Empty(mixUps);

        foreach (var result in results)
        {
            var record = await fixture.Host.Journal.FindAsync(result.RequestId);
            Assert.Equal(RequestOutcome.Printed, record?.Outcome);
            Assert.Equal(result.Document.CertificateNumber, record?.CertificateNumber);
        }
    }
}
