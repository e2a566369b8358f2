using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Grains.Residents;
using CertOrleans.Pki.Verification;
using CertOrleans.Rendering;

namespace CertOrleans.Tests.Certificates;

/// <summary>The 所得・課税証明書 names the prefectural tax after the issuing city's prefecture, on the page and in what is signed.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PrefecturalTaxTests(GatewayFixture fixture)
{
    private int FiscalYear => IssuanceRules.FiscalYearOn(JapaneseDates.TodayInJapan(fixture.Host.Time));

    [Theory]
    [InlineData("132012", "都民税", "県民税")] // 八王子市, 東京都
    [InlineData("092011", "県民税", "都民税")] // 宇都宮市, 栃木県
    public async Task A_printed_tax_certificate_names_the_prefectural_tax_of_its_citys_prefecture_and_verifies(string city, string named, string other)
    {
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = city } }))[0];
        await fixture.Host.Grains.GetGrain<IResidentGrain>(resident.Key.GrainKey).ApplyTax(TestCertificates.Tax(FiscalYear));

        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, city, "shotoku-kazei");
        Assert.Equal("Printed", printed.Outcome);
        var text = PdfText.All(printed.Document.Pdf);
        Assert.Contains($"{named}86,700円", text);
        Assert.DoesNotContain(other, text);

        // What is signed says the same as the page, and the certificate is genuine with the city's own keys.
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Null(reading.PageMismatch);
        Assert.Contains($"|label={named}\n", reading.SignedContent);
        Assert.Contains($"|{named}=86,700円\n", reading.SignedContent);
        Assert.DoesNotContain(other, reading.SignedContent);
        var keys = (await fixture.Host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For(city)).GetPublicKeys())
            .Select(k => new PublicIssuingKey(city, k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt)).ToList();
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, keys));
    }
}
