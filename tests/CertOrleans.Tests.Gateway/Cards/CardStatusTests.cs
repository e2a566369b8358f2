using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Requests;
using CertOrleans.Contracts.Signing;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Pki.Verification;

namespace CertOrleans.Tests.Cards;

/// <summary>
/// The card authority's word reaches the kiosk: a card revoked at the CA (reported lost) is refused at the next
/// refresh of its list, though nobody told the service.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CardStatusTests(GatewayFixture fixture)
{
    /// <summary>Prints a 住民票 with the card and checks the PDF is genuine with the city's keys.</summary>
    internal static async Task PrintsVerifiedAsync(GatewayFixture fixture, SoftwareCard card, string city = "092011")
    {
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, city, "juminhyo");
        Assert.Equal("Printed", printed.Outcome);
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Null(reading.PageMismatch);
        var keys = (await fixture.Host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(city)).GetPublicKeys())
            .Select(k => new PublicIssuingKey(city, k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt)).ToList();
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, keys));
    }

    /// <summary>The kiosk's refusal of the card, waiting up to a few refresh intervals for it to come.</summary>
    internal static async Task<KioskProblemException> RefusedAsync(GatewayFixture fixture, SoftwareCard card, string expectedCode, string city = "092011")
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await fixture.Kiosk().SignInAsync(card, TestPki.CardPin, city);
            }
            catch (KioskProblemException refused) when (refused.Code == expectedCode)
            {
                return refused;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the card was not refused with {expectedCode} within 10 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_card_revoked_at_the_card_authority_is_refused_at_the_kiosk_with_no_call_to_the_service()
    {
        var people = await fixture.NewResidentsWithCardsAsync(2);
        var (lost, kept) = (people[0].Card, people[1].Card);
        await PrintsVerifiedAsync(fixture, lost);

        // Reported lost: J-LIS revokes it and publishes its list. Nothing is sent to CertOrleans.
        TestCardAuthority.Revoke(lost.Certificate.SerialNumber);
        var refused = await RefusedAsync(fixture, lost, ErrorCodes.CardRevoked);
        Assert.Equal(403, refused.Status);
        Assert.Contains("このカードはご利用いただけません", refused.Title);

        // Our own registry still links the card: the refusal is the card authority's.
        var status = await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(lost.Certificate.SerialNumber)).GetStatus();
        Assert.True(status.Known);
        Assert.False(status.Revoked);
        // Another card of the same CA still works.
        await PrintsVerifiedAsync(fixture, kept);
    }
}
