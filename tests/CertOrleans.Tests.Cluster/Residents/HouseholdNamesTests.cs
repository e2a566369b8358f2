using CertOrleans.Contracts.Requests;
using CertOrleans.Pki;
using CertOrleans.Rendering;

namespace CertOrleans.Tests.Residents;

/// <summary>
/// The menu's list of household members (for a 住民票 of chosen members) is made of names: each member's grain answers
/// with a name, never their record (個人番号, address, birth date), which is read only when a certificate is made.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HouseholdNamesTests(ClusterFixture fixture)
{
    private const string Terminal = "kiosk-a";

    [Fact]
    public async Task The_household_list_reaches_the_request_as_names_only_with_the_head_first()
    {
        var household = $"{Random.Shared.Next(100_000, 999_999)}";
        var (head, _) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "世帯主" });
        var (spouse, _) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "妻" });
        var (child, card) = await fixture.NewResidentWithCardAsync(r => r with { HouseholdNumber = household, Relationship = "子" });

        var id = ClusterFixture.NewRequestId();
        var request = fixture.Host.Grains.GetGrain<IIssuanceRequestGrain>(id);
        var challenge = await request.Start(new StartRequest(Terminal, "092011", card.Certificate.RawData));
        AuthenticatedSession menu = null!;
        var calls = await fixture.Host.Calls.RecordAsync(async () =>
            menu = await request.Authenticate(Terminal, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(id, challenge.Challenge))));
        await request.Cancel(Terminal);

        Assert.Equal(new[] { head.FullName, spouse.FullName, child.FullName }.Select(PdfText.Compact).Order(),
            menu.HouseholdMembers!.Select(m => PdfText.Compact(m.Name)).Order());
        Assert.Equal(PdfText.Compact(head.FullName), PdfText.Compact(menu.HouseholdMembers![0].Name));
        // The two other members were asked for their names, and nobody's record was handed to the request.
        var fromRequest = calls.Where(c => c.Caller.EndsWith(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, fromRequest.Count(c => c.Method == "IResidentGrain.GetHouseholdMemberName"));
        Assert.DoesNotContain(fromRequest, c => c.Method is "IResidentGrain.PrepareAsHouseholdMember" or "IResidentGrain.Prepare");
    }
}
