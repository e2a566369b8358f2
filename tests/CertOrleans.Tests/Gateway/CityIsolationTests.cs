using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Contracts.Journal;
using CertOrleans.Contracts.Signing;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Infrastructure;

namespace CertOrleans.Tests.Gateway;

/// <summary>Many cities, one deployment: each city's certificates are signed with its own keys and recorded in its own journal.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CityIsolationTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Each_city_signs_with_its_own_keys_and_records_in_its_own_journal()
    {
        var (_, utsunomiya) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var (_, hachioji) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = "132012" } }))[0];
        var first = await fixture.Kiosk().RunAsync(utsunomiya, TestPki.CardPin, "092011", "juminhyo");
        var second = await fixture.Kiosk().RunAsync(hachioji, TestPki.CardPin, "132012", "juminhyo");
        Assert.Equal((200, 300), (first.Order.Fee, second.Order.Fee));
        Assert.StartsWith("132012-", second.Document.CertificateNumber, StringComparison.Ordinal);

        // Each request is in its own city's chain and nowhere else.
        var admin = fixture.BearerClient(GatewayFixture.AdminKey);
        async Task<string> ChainAsync(string code) => JsonSerializer.Serialize((await admin.GetFromJsonAsync<JournalBundle>($"admin/v1/municipalities/{code}/journal/bundle", Json))!.Entries);
        var (chain092011, chain132012) = (await ChainAsync("092011"), await ChainAsync("132012"));
        Assert.Contains(first.RequestId, chain092011);
        Assert.DoesNotContain(second.RequestId, chain092011);
        Assert.Contains(second.RequestId, chain132012);
        Assert.DoesNotContain(first.RequestId, chain132012);

        // 八王子市's certificate verifies with 八王子市's keys and not with 宇都宮市's, even presented as 八王子市's.
        async Task<List<PublicIssuingKey>> KeysAsync(string of, string asCity) => (await fixture.Host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(of)).GetPublicKeys())
            .Select(k => new PublicIssuingKey(asCity, k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt)).ToList();
        var reading = PdfCertificateReader.Read(second.Document.Pdf);
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, await KeysAsync("132012", "132012")));
        Assert.NotEqual(VerificationResult.Genuine, CertificateVerifier.Verify(reading, await KeysAsync("092011", "132012")));
    }
}
