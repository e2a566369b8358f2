using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Residents;
using CertOrleans.Pki;

namespace CertOrleans.Tests;

/// <summary>One cluster shared by the grain tests (they run one after another within the collection).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private int next;

    public TestClusterHost Host { get; private set; } = null!;
    public TestPki Pki { get; } = new();

    public async Task InitializeAsync()
    {
        Host = await TestClusterHost.StartAsync();
        await Host.RegisterTerminalsAsync("kiosk-a", "kiosk-b", "kiosk-rules");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Pki.Dispose();
    }

    /// <summary>A new resident with a linked card.</summary>
    public async Task<(ResidentRecord Resident, SoftwareCard Card)> NewResidentWithCardAsync(Func<ResidentRecord, ResidentRecord>? adjust = null)
    {
        var resident = TestResidents.Make(Interlocked.Increment(ref next), "7", adjust);
        await Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).Apply(resident);
        var card = Pki.IssueCard();
        await Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.Certificate.SerialNumber)).Link(resident.Key, "test");
        return (resident, card);
    }

    public static string NewRequestId() => "q-" + Guid.NewGuid().ToString("N");

    /// <summary>Start and authenticate a request at grain level; the answer is the card holder's menu.</summary>
    public async Task<(IIssuanceRequestGrain Request, AuthenticatedSession Session)> AuthenticateAsync(SoftwareCard card, string terminal)
    {
        var id = NewRequestId();
        var request = Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(terminal, "092011", card.Certificate.RawData));
        return (request, await request.Authenticate(terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge))));
    }

    /// <summary>Start and authenticate a request at grain level.</summary>
    public async Task<(IIssuanceRequestGrain Request, string Id)> AuthenticatedRequestAsync(SoftwareCard card, string terminal = "kiosk-a")
    {
        var id = NewRequestId();
        var request = Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(terminal, "092011", card.Certificate.RawData));
        await request.Authenticate(terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge)));
        return (request, id);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
