using CertOrleans.Contracts.Requests;
using CertOrleans.Kiosk;

namespace CertOrleans.Tests.Terminals;

/// <summary>What a store terminal must do itself: keep no copy of a printed certificate, and close a refused request at once.</summary>
[Collection(GatewayCollection.Name)]
public sealed class StoreSideTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_printed_pdf_is_deleted_once_the_print_is_confirmed_unless_kept()
    {
        var people = await fixture.NewResidentsWithCardsAsync(2);
        var spool = Directory.CreateTempSubdirectory("certorleans-spool-");

        var printed = await fixture.Kiosk().RunAsync(people[0].Card, TestPki.CardPin, "092011", "juminhyo", printer: new KioskPrinter(spool));
        Assert.Equal("Printed", printed.Outcome);
        Assert.Null(printed.PrintedFile);
        Assert.Empty(spool.GetFiles());

        var kept = await fixture.Kiosk().RunAsync(people[1].Card, TestPki.CardPin, "092011", "juminhyo", printer: new KioskPrinter(spool, keep: true));
        Assert.Equal(Path.Combine(spool.FullName, kept.Document.CertificateNumber + ".pdf"), kept.PrintedFile);
        Assert.Equal(kept.Document.Pdf, await File.ReadAllBytesAsync(kept.PrintedFile!));
    }

    [Fact]
    public async Task A_certificate_number_that_is_a_path_is_never_spooled()
    {
        var spool = Directory.CreateTempSubdirectory("certorleans-spool-");
        var outside = Path.Combine(spool.Parent!.FullName, $"{spool.Name}-escaped.pdf");
        var printer = new KioskPrinter(spool);
        foreach (var number in new[] { $"../{spool.Name}-escaped", "/tmp/x", "092011-20261126-ABCDEFGHJK/../../x", "092011-20261126-abcdefghjk" })
            await Assert.ThrowsAsync<ArgumentException>(() => printer.PrintAsync(new DeliveredDocument(number, 1, [1, 2, 3])));
        Assert.False(File.Exists(outside));
        Assert.Empty(spool.GetFiles());
        Assert.True(KioskPrinter.IsCertificateNumber("092011-20261126-ABCDEFGHJK"));
    }

    [Fact]
    public async Task A_refused_order_is_cancelled_at_once_and_recorded_as_refused_not_expired()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { DateOfBirth = new DateOnly(2015, 6, 1) }))[0];
        var refused = await Assert.ThrowsAsync<KioskProblemException>(() => fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo"));
        Assert.Equal("refused-under-15", refused.Code);

        var record = await fixture.Host.Journal.FindAsync(refused.CancelledRequestId!);
        Assert.NotNull(record);
        Assert.Equal(RequestOutcome.Cancelled, record.Outcome);
        Assert.NotEmpty(record.Refusals);
        Assert.False(record.Paid);
    }
}
