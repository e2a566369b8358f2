using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CertOrleans.Contracts.Signing;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Pki.Verification;
using CertOrleans.Rendering;

namespace CertOrleans.Tests.Terminals;

/// <summary>The kiosk's menu, refusals and notices come in the language it asks for; the codes and the certificate do not change.</summary>
[Collection(GatewayCollection.Name)]
public sealed class KioskLanguageTests(GatewayFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<(string? ContentLanguage, AvailabilityInfo Menu)> AvailabilityAsync(string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "terminal/v1/municipalities/092011/availability");
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await fixture.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentLanguage.SingleOrDefault(), (await response.Content.ReadFromJsonAsync<AvailabilityInfo>(Json))!);
    }

    [Theory]
    [InlineData("ja", "ja", "住民票の写し", "世帯全員")]
    [InlineData("en-US,en;q=0.9", "en", "Certificate of Residence (Juminhyo)", "Whole household")]
    [InlineData("zh-CN", "zh-Hans", "住民票副本", "全户成员")]
    [InlineData("ko-KR", "ko", "주민표 사본", "세대원 전원")]
    [InlineData("pt-BR", "pt", "Atestado de Residência (Juminhyo)", "Todos os membros do domicílio")]
    [InlineData("es", "es", "Certificado de Residencia (Juminhyo)", "Todos los miembros del hogar")]
    public async Task The_menu_is_in_the_kiosks_language_and_the_printed_certificate_stays_Japanese(string acceptLanguage, string contentLanguage, string name, string wholeHousehold)
    {
        var (answered, idle) = await AvailabilityAsync(acceptLanguage);
        Assert.Equal(contentLanguage, answered);
        Assert.Equal(name, idle.Offers.Single(o => o.CertificateType == "juminhyo").Name);

        // Through the whole flow in that language: the menu after the card is read, the order, the print.
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await new KioskClient(fixture.Client(), acceptLanguage).RunAsync(card, TestPki.CardPin, "092011", "juminhyo");
        var juminhyo = printed.Menu.Offers.Single(o => o.CertificateType == "juminhyo");
        Assert.Equal(name, juminhyo.Name);
        Assert.Equal(wholeHousehold, juminhyo.OptionLabels!["wholeHousehold"]);
        Assert.Equal(juminhyo.Options, juminhyo.OptionLabels.Keys);
        Assert.Equal("Printed", printed.Outcome);

        var text = PdfText.All(printed.Document.Pdf);
        Assert.Contains("住民票の写し", text);
        if (contentLanguage != "ja") Assert.DoesNotContain(name, text);
        var reading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Null(reading.PageMismatch);
        var keys = (await fixture.Host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For("092011")).GetPublicKeys())
            .Select(k => new PublicIssuingKey("092011", k.KeyId, k.SubjectPublicKeyInfo, Enum.Parse<IssuingKeyStatus>(k.Status), k.CreatedAt)).ToList();
        Assert.Equal(VerificationResult.Genuine, CertificateVerifier.Verify(reading, keys));
    }

    [Theory]
    [InlineData(null, "ja")]
    [InlineData("zh", "zh-Hans")]
    [InlineData("zh-Hans", "zh-Hans")]
    [InlineData("zh-TW", "zh-Hans")] // no Traditional table: Simplified Chinese reads better than Japanese
    [InlineData("pt-PT", "pt")]
    [InlineData("fr-FR", "ja")] // a language the kiosk API does not speak: Japanese
    [InlineData("fr-FR, ko;q=0.8, en;q=0.5", "ko")] // the first one it speaks, by preference
    [InlineData("not a language tag!!", "ja")]
    public async Task Accept_Language_picks_the_language_and_an_unknown_one_falls_back_to_Japanese(string? acceptLanguage, string contentLanguage)
    {
        var (answered, idle) = await AvailabilityAsync(acceptLanguage);
        Assert.Equal(contentLanguage, answered);
        if (contentLanguage == "ja") Assert.Equal("住民票の写し", idle.Offers.Single(o => o.CertificateType == "juminhyo").Name);
    }

    [Fact]
    public async Task The_admin_api_answers_in_English_whatever_the_header_says()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/v1/municipalities/092011");
        request.Headers.Add("Accept-Language", "ja");
        using var response = await fixture.BearerClient("not-a-key").SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentLanguage);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = problem.GetProperty("code").GetString()!;
        Assert.Equal(CertOrleans.Gateway.Problems.ProblemResults.Describe(code).Title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_refusal_in_another_language_keeps_its_code_in_the_menu_and_in_the_problem()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { DateOfBirth = new DateOnly(2015, 6, 1) }))[0];
        var http = fixture.Client();
        var kiosk = new KioskClient(http, "pt-BR");
        var started = await kiosk.StartAsync("092011", card.Certificate);
        var menu = await kiosk.AuthenticateAsync(started.RequestId, card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge))));
        var offer = menu.Offers.Single(o => o.CertificateType == "juminhyo");
        Assert.Equal(("refused-under-15", "Menores de 15 anos não podem usar a emissão na loja de conveniência."), (offer.RefusalCode, offer.RefusalMessage));

        using var order = new HttpRequestMessage(HttpMethod.Post, $"terminal/v1/requests/{started.RequestId}/order") { Content = JsonContent.Create(new { certificateType = "juminhyo", copies = 1 }) };
        order.Headers.Add("Accept-Language", "es-MX");
        using var response = await http.SendAsync(order);
        await TerminalApiTests.AssertProblem(response, HttpStatusCode.Forbidden, "refused-under-15");
        Assert.Equal("es", response.Content.Headers.ContentLanguage.Single());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://certorleans.example/problems/refused-under-15", problem.GetProperty("type").GetString());
        Assert.Equal("Los menores de 15 años no pueden usar la emisión en tiendas de conveniencia.", problem.GetProperty("title").GetString());
        Assert.Equal("Este certificado no se puede emitir en la tienda de conveniencia para el titular de esta tarjeta.", problem.GetProperty("detail").GetString());

        // A problem the gateway itself raises, before any grain is asked, is in the kiosk's language too.
        var english = await Assert.ThrowsAsync<KioskProblemException>(() => new KioskClient(http, "en").OrderAsync(started.RequestId, "", 1));
        Assert.Equal(("invalid-field", "A field of the request is invalid."), (english.Code, english.Title));
        await kiosk.CancelAsync(started.RequestId);
    }

    [Fact]
    public async Task The_simulator_with_lang_shows_the_menu_and_a_refusal_in_that_language()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var (_, young) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { DateOfBirth = new DateOnly(2015, 6, 1) }))[0];
        var folder = Directory.CreateTempSubdirectory("certorleans-kiosk-lang-").FullName;
        var (ca, terminal, cardFile, youngFile, spool) = (Path.Combine(folder, "gateway-ca.pem"), Path.Combine(folder, "terminal.pfx"),
            Path.Combine(folder, "card.json"), Path.Combine(folder, "young.json"), Path.Combine(folder, "out"));
        await File.WriteAllTextAsync(ca, fixture.Pki.GatewayCa.Certificate.ExportCertificatePem());
        using (var certificate = fixture.Pki.IssueTerminal(GatewayFixture.Terminal))
            await File.WriteAllBytesAsync(terminal, certificate.Export(X509ContentType.Pkcs12));
        card.Save(cardFile);
        young.Save(youngFile);
        Directory.CreateDirectory(spool);
        string[] Arguments(string file) => ["--gateway", fixture.BaseAddress.ToString(), "--gateway-ca", ca, "--terminal", terminal, "--card", file, "--pin", TestPki.CardPin,
            "--municipality", "092011", "--out", spool, "--lang", "en"];

        var (exit, output, error) = await ToolProcess.RunAsync("CertOrleans.Kiosk.dll", Arguments(cardFile));
        Assert.True(exit == 0, error);
        Assert.Contains("宇都宮市: Certificate of Residence (Juminhyo) ¥200, Certificate of Resident Record Items ¥200, Certificate of Seal Registration (Inkan) ¥200", output);
        Assert.DoesNotContain("住民票の写し", output);

        (exit, _, error) = await ToolProcess.RunAsync("CertOrleans.Kiosk.dll", Arguments(youngFile));
        Assert.Equal(1, exit);
        Assert.Contains("Residents under 15 cannot use store issuance.", error);
        Assert.Contains("[refused-under-15]", error);

        (exit, _, error) = await ToolProcess.RunAsync("CertOrleans.Kiosk.dll", ["--card", cardFile, "--lang", "en_US!"]);
        Assert.Equal(2, exit);
        Assert.Contains("--lang", error);
    }
}
