using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Admin.Demo;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Terminals;
using CertOrleans.Feed;
using CertOrleans.Pki;

namespace CertOrleans.Benchmarks.Fleet;

/// <summary>One card holder of the synthetic population, with everything the oracle may see on their certificates.</summary>
public sealed class Holder(ResidentEntry entry, SoftwareCard card)
{
    public ResidentEntry Entry { get; private set; } = entry;
    public SoftwareCard Card { get; } = card;

    /// <summary>The card's key, opened with the PIN at the first visit: later visits sign without deriving it again (issue 15).</summary>
    public UnlockedCard Key => key.Value;

    private readonly Lazy<UnlockedCard> key = new(() => card.Unlock(Population.Pin));

    /// <summary>Every address the registry has been told for this resident; a certificate may show any of them (the one current when it was made).</summary>
    public ConcurrentBag<string> Addresses { get; } = [entry.Record.Address];

    /// <summary>The newest source version the registry API acknowledged for this resident.</summary>
    public long AcknowledgedVersion { get; private set; } = entry.Record.SourceVersion;
    public string AcknowledgedAddress { get; private set; } = entry.Record.Address;

    /// <summary>The newest version sent, acknowledged or not: the next change must come after it.</summary>
    public void Attempt(ResidentEntry newer) => Entry = newer;

    public void Acknowledge(ResidentEntry newer)
    {
        AcknowledgedVersion = newer.Record.SourceVersion;
        AcknowledgedAddress = newer.Record.Address;
    }
}

/// <summary>
/// The people, cards and terminals a load run uses: a synthetic city (every holder can order 住民票, 印鑑登録証明書
/// and 所得・課税証明書: no one under support measures, moving out, under 16 or past their period of stay), a software card per resident from the card CA, and a registered terminal with its
/// client certificate per virtual kiosk.
/// </summary>
public static class Population
{
    public const string Pin = "2468";

    /// <summary>The load generator's people's first resident number: the demo city's run from 100000001.</summary>
    public const int LoadGeneratorNumbering = 700000001;

    /// <param name="city">Where they live: one of the demo cities (宇都宮市 by default).</param>
    public static async Task<IReadOnlyList<Holder>> CreateHoldersAsync(IGrainFactory grains, CertificateAuthority cardCa, int households, DateOnly today, CancellationToken cancellationToken = default,
        DemoCityProfile? city = null, int seed = 7)
    {
        // Numbered apart from the demo city (700000001 on): a run against run.sh's loaded demo shares no one with it.
        var people = DemoCity.Stream(households, seed, today, city: city, numbering: LoadGeneratorNumbering)
            .Where(e => e.Record.Status == ResidencyStatus.Resident && !e.Record.UnderSupportMeasures && !e.Record.MoveOutFiled
                && e.Record.DateOfBirth < today.AddYears(-16) && e.Seal is not null && e.Taxes.Count > 0
                && (e.Record.Foreign?.PeriodOfStayEnds is not { } ends || ends >= today))
            .ToList();
        var lines = string.Join('\n', people.Select(ResidentFile.ToJson));
        // A record refused because the store could not be written (a silo or PostgreSQL still settling) is sent again,
        // as a registry system would: the import is idempotent, so what was applied comes back as duplicate.
        // A grain whose activation fails on the store reaches this client as an Orleans exception, not a refusal.
        async Task<ImportReport?> ImportOnceAsync(bool last)
        {
            try
            {
                return await FeedImport.ImportAsync(new StringReader(lines), grains, cancellationToken);
            }
            catch (Exception ex) when (!last && ex is not OperationCanceledException)
            {
                return null;
            }
        }
        var report = await ImportOnceAsync(last: false);
        for (var attempt = 1; attempt < 4 && report is not { Rejected.Count: 0 }; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(5 * attempt), cancellationToken);
            report = await ImportOnceAsync(last: attempt == 3);
        }
        if (report!.Rejected.Count > 0)
            throw new InvalidOperationException($"{report.Rejected.Count} residents of the population were rejected: " +
                string.Join("; ", report.Rejected.Take(5).Select(r => $"line {r.Line}: {r.Message}")));
        var now = DateTimeOffset.UtcNow;
        var holders = new List<Holder>();
        foreach (var person in people)
        {
            var card = SoftwareCard.Issue(cardCa, Pin, now.AddDays(-1), now.AddYears(1));
            await grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(person.Record.Key, "benchmark");
            holders.Add(new Holder(person, card));
        }
        return holders;
    }

    /// <summary>Registers <paramref name="count"/> terminals and returns an HTTPS client for each, presenting its own certificate.</summary>
    /// <summary>Card holders of every demo city, <paramref name="households"/> split among them, served in turn.</summary>
    public static async Task<IReadOnlyList<Holder>> CreateHoldersOfAllCitiesAsync(IGrainFactory grains, CertificateAuthority cardCa, int households, DateOnly today, CancellationToken cancellationToken = default)
    {
        var cities = new List<IReadOnlyList<Holder>>();
        foreach (var city in DemoCities.All)
            cities.Add(await CreateHoldersAsync(grains, cardCa, Math.Max(1, households / DemoCities.All.Count), today, cancellationToken, city, seed: 7 + cities.Count));
        return Enumerable.Range(0, cities.Max(c => c.Count)).SelectMany(i => cities.Where(c => i < c.Count).Select(c => c[i])).ToList();
    }

    public static async Task<IReadOnlyList<HttpClient>> CreateKiosksAsync(IGrainFactory grains, CertificateAuthority terminalCa, X509Certificate2 gatewayRoot, Uri gateway, int count, string prefix)
    {
        var clients = new List<HttpClient>();
        for (var k = 0; k < count; k++)
        {
            var id = $"{prefix}-{k:D4}";
            await grains.GetGrain<ITerminalGrain>(id).Register(new TerminalRegistration("Load Mart", $"ロードマート{k}号店"), "benchmark");
            using var terminal = terminalCa.IssueTerminalCertificate(id);
            clients.Add(GatewayHttp.Create(gateway, X509CertificateLoader.LoadPkcs12(terminal.Export(X509ContentType.Pkcs12), null), gatewayRoot, maxConnections: 1));
        }
        return clients;
    }
}
