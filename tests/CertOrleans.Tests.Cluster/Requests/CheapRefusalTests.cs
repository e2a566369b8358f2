using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Operations;
using CertOrleans.Contracts.Requests;

namespace CertOrleans.Tests.Requests;

/// <summary>
/// A start that is refused writes nothing and leaves nothing alive: anyone can send a card certificate, so the
/// refusals that cost nothing (card status, switches, hours) come before the first write.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CheapRefusalTests(ClusterFixture fixture)
{
    private const string Terminal = "kiosk-a";

    [Fact]
    public async Task A_revoked_card_is_refused_before_anything_is_written()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Revoke("test");

        var (id, request) = NewRequest();
        var refused = await Assert.ThrowsAsync<IssuanceException>(() => request.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData)));

        Assert.Equal(ErrorCodes.CardRevoked, refused.Code);
        await AssertNothingLeftAsync(id, request);
    }

    [Fact]
    public async Task A_stopped_municipality_is_refused_before_anything_is_written()
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var switches = fixture.Host.Grains.GetGrain<IServiceSwitchGrain>(0);
        var before = await switches.Get();
        await switches.Set(before with { StoppedMunicipalities = [.. before.StoppedMunicipalities, "092011"] }, "test");
        try
        {
            var (id, request) = NewRequest();
            var refused = await Assert.ThrowsAsync<IssuanceException>(() => request.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData)));
            Assert.Equal(ErrorCodes.ServiceStopped, refused.Code);
            await AssertNothingLeftAsync(id, request);
        }
        finally
        {
            await switches.Set(before with { Version = (await switches.Get()).Version }, "test");
        }
    }

    [Theory]
    [InlineData("validity")]
    [InlineData("public-key")]
    public async Task A_card_certificate_damaged_in_its_dates_or_key_is_a_clear_refusal(string where)
    {
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var der = card.Certificate.RawData.ToArray();
        // Overwrite the first UTCTime (validity) or the bytes of the key's BIT STRING with garbage that still frames as DER.
        var at = where == "validity" ? IndexOf(der, [0x17, 0x0D]) + 2 : der.Length - 120;
        for (var i = 0; i < 8; i++) der[at + i] = (byte)'Z';

        var (id, request) = NewRequest();
        var refused = await Assert.ThrowsAsync<IssuanceException>(() => request.Start(new StartRequest(Terminal, "092011", der)));

        Assert.Contains(refused.Code, new[] { ErrorCodes.CardCertificateInvalid, ErrorCodes.CardCertificateUntrusted, ErrorCodes.CardCertificateExpired });
        await AssertNothingLeftAsync(id, request);
    }

    [Fact]
    public async Task A_terminal_the_cluster_does_not_know_or_has_suspended_is_refused_by_the_request_itself()
    {
        // Whoever calls the cluster, the request grain asks the terminal's own grain: nothing trusts the gateway's word.
        var (_, card) = await fixture.NewResidentWithCardAsync();
        var (id, request) = NewRequest();
        var unknown = await Assert.ThrowsAsync<IssuanceException>(() => request.Start(new StartRequest("kiosk-never-registered", "092011", card.Certificate.RawData)));
        Assert.Equal(ErrorCodes.TerminalUnknown, unknown.Code);
        await AssertNothingLeftAsync(id, request);

        // Suspended while a request is in progress: its next step is refused, whichever step it is.
        const string terminal = "kiosk-suspended-midway";
        await fixture.Host.RegisterTerminalsAsync(terminal);
        var (inProgress, _) = await fixture.AuthenticatedRequestAsync(card, terminal);
        await fixture.Host.Grains.GetGrain<Contracts.Terminals.ITerminalGrain>(terminal).Suspend("test");
        var suspended = await Assert.ThrowsAsync<IssuanceException>(() => inProgress.Order(terminal, new PlaceOrder("juminhyo", 1)));
        Assert.Equal(ErrorCodes.TerminalSuspended, suspended.Code);
        await fixture.Host.Grains.GetGrain<Contracts.Terminals.ITerminalGrain>(terminal).Resume("test");
        Assert.Equal(200, (await inProgress.Order(terminal, new PlaceOrder("juminhyo", 1))).Fee);
    }

    private (string Id, IIssuanceRequestGrain Request) NewRequest()
    {
        var id = ClusterFixture.NewRequestId();
        return (id, fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id));
    }

    private async Task AssertNothingLeftAsync(string id, IIssuanceRequestGrain request)
    {
        Assert.Null(await fixture.Host.Journal.FindOpenAsync(id));
        Assert.Null(await fixture.Host.Journal.FindAsync(id));
        await fixture.Host.Cluster.WaitForDeactivationAsync(request).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        throw new InvalidOperationException("not found");
    }
}
