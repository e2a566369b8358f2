using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertOrleans.Contracts.Journal;

namespace CertOrleans.Tests.Terminals;

/// <summary>The kiosk's 「交付履歴」 screen can be left with 「終了」: the history is shown and the request ends, nothing ordered, paid or printed.</summary>
[Collection(GatewayCollection.Name)]
public sealed class KioskHistoryTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<RequestEndedBody> EndedAsync(string requestId)
    {
        var bundle = (await fixture.BearerClient(GatewayFixture.AdminKey).GetFromJsonAsync<JournalBundle>("admin/v1/municipalities/092011/journal/bundle", Json))!;
        return bundle.Entries.Where(e => e.Kind == JournalKinds.RequestEnded).Select(e => JournalJson.Read<RequestEndedBody>(e.Body)!).Single(b => b.RequestId == requestId);
    }

    private static List<HistoryItemSeen> Issuances(IEnumerable<CertOrleans.Kiosk.HistoryItem> history) =>
        history.Where(h => h.Outcome != IssuanceHistoryItem.RecordsRead).Select(h => new HistoryItemSeen(h.Outcome, h.CertificateNumber)).ToList();

    private sealed record HistoryItemSeen(string Outcome, string? CertificateNumber);

    [Fact]
    public async Task Viewing_the_history_shows_past_issuances_and_ends_the_request_cancelled_with_nothing_ordered_or_paid()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");

        var visit = await fixture.Kiosk().ViewHistoryAsync(card, TestPki.CardPin, "092011");
        Assert.Equal("Cancelled", visit.Outcome);
        Assert.Equal([new HistoryItemSeen("Printed", printed.Document.CertificateNumber)], Issuances(visit.History));
        var ended = await EndedAsync(visit.RequestId);
        Assert.Equal(("Cancelled", null, null, false, null), (ended.Outcome, ended.CertificateType, ended.Fee, ended.Paid, ended.CertificateNumber));
    }

    [Fact]
    public async Task The_simulators_history_flag_shows_the_history_and_finishes_without_ordering_paying_or_printing()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");

        // The simulator's files, as an operator has them: the gateway's CA, the terminal's certificate, the card.
        var folder = Directory.CreateTempSubdirectory("certorleans-kiosk-history-").FullName;
        var (ca, terminal, cardFile, spool) = (Path.Combine(folder, "gateway-ca.pem"), Path.Combine(folder, "terminal.pfx"), Path.Combine(folder, "card.json"), Path.Combine(folder, "out"));
        await File.WriteAllTextAsync(ca, fixture.Pki.GatewayCa.Certificate.ExportCertificatePem());
        using (var certificate = fixture.Pki.IssueTerminal(GatewayFixture.Terminal))
            await File.WriteAllBytesAsync(terminal, certificate.Export(X509ContentType.Pkcs12));
        card.Save(cardFile);
        Directory.CreateDirectory(spool);

        var (exit, output, error) = await ToolProcess.RunAsync("CertOrleans.Kiosk.dll",
            ["--gateway", fixture.BaseAddress.ToString(), "--gateway-ca", ca, "--terminal", terminal, "--card", cardFile, "--pin", TestPki.CardPin,
             "--municipality", "092011", "--history", "--out", spool, "--keep"]);
        Assert.True(exit == 0, error);
        Assert.Contains("交付履歴", output);
        Assert.Contains(printed.Document.CertificateNumber, output);
        Assert.DoesNotContain("円 paid", output, StringComparison.Ordinal);
        Assert.DoesNotContain("certificate number", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool));

        // The holder's history now holds the one print and the visit that ended cancelled: nothing else was issued.
        var after = await fixture.Kiosk().ViewHistoryAsync(card, TestPki.CardPin, "092011");
        Assert.Equal([new HistoryItemSeen("Cancelled", null), new HistoryItemSeen("Printed", printed.Document.CertificateNumber)], Issuances(after.History));
    }

    [Fact]
    public async Task The_history_flag_with_an_ordering_flag_is_bad_input()
    {
        var (exit, _, error) = await ToolProcess.RunAsync("CertOrleans.Kiosk.dll", ["--card", "/nonexistent.card.json", "--history", "--from-domicile"]);
        Assert.Equal(2, exit);
        Assert.Contains("--history", error);
    }
}
