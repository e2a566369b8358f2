using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Cards;
using CertOrleans.Contracts.Requests;
using CertOrleans.Kiosk;
using CertOrleans.Pki;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Requests;

/// <summary>
/// Certificates presented by strangers name URLs (AIA) where their issuer could be fetched. Neither the gateway
/// (terminal certificates) nor the cluster (card certificates) ever fetches them: a listener at that URL sees
/// no connection, and the certificate is refused.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class NoDownloadTests(GatewayFixture fixture) : IDisposable
{
    private readonly TcpListener listener = StartListener();
    private int connections;

    private static TcpListener StartListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private string IssuerUrl()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref connections);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        });
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/issuer.cer";
    }

    /// <summary>A certificate from a CA with the same name as a trusted one but another key, pointing at our listener for its issuer.</summary>
    private static X509Certificate2 Forged(CertificateAuthority impostor, string subject, string usage, string issuerUrl)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(impostor.Certificate, true, false));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [issuerUrl]));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = 0x11;
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(impostor.Certificate, now.AddHours(-1), now.AddYears(1), serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    [Fact]
    public async Task A_terminal_certificate_naming_an_issuer_url_is_refused_and_the_url_is_never_fetched()
    {
        using var impostor = CertificateAuthority.Create(fixture.Pki.TerminalCa.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal(fixture.Pki.TerminalCa.Certificate.Subject, impostor.Certificate.Subject);
        using var forged = Forged(impostor, $"CN={GatewayFixture.Terminal}, O=CertOrleans Terminals, C=JP", "1.3.6.1.5.5.7.3.2", IssuerUrl());
        using var http = GatewayHttp.Create(fixture.BaseAddress, forged, X509CertificateLoader.LoadCertificate(fixture.Pki.GatewayCa.Certificate.RawData));

        using var response = await http.GetAsync("terminal/v1/ping");
        await TerminalApiTests.AssertProblem(response, HttpStatusCode.Unauthorized, "terminal-certificate-invalid");
        await Task.Delay(200);
        Assert.Equal(0, connections);
    }

    [Fact]
    public async Task A_card_certificate_naming_an_issuer_url_is_refused_and_the_url_is_never_fetched()
    {
        using var impostor = CertificateAuthority.Create(fixture.Pki.CardCa.Certificate.GetNameInfo(X509NameType.SimpleName, false));
        using var forged = Forged(impostor, "CN=CertOrleans Test User Authentication, O=CertOrleans Development, C=JP", "1.3.6.1.5.5.7.3.2", IssuerUrl());

        using var response = await fixture.Client().PostAsJsonAsync("terminal/v1/requests",
            new { municipalityCode = "092011", cardCertificate = Convert.ToBase64String(forged.RawData) });
        await TerminalApiTests.AssertProblem(response, HttpStatusCode.Forbidden, ErrorCodes.CardCertificateUntrusted);
        await Task.Delay(200);
        Assert.Equal(0, connections);
    }

    [Fact]
    public async Task A_genuine_card_naming_a_CRL_and_an_OCSP_url_is_checked_against_the_configured_list_and_neither_is_fetched()
    {
        var url = IssuerUrl();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CertOrleans Test User Authentication, O=CertOrleans Development, C=JP", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(fixture.Pki.CardCa.Certificate, true, false));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([url.Replace("issuer.cer", "card.crl", StringComparison.Ordinal)]));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([url.Replace("issuer.cer", "ocsp", StringComparison.Ordinal)], [url]));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = 0x12;
        var now = DateTimeOffset.UtcNow;
        using var card = request.Create(fixture.Pki.CardCa.Certificate, now.AddHours(-1), now.AddYears(1), serial);
        var (resident, _) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        await fixture.Host.Grains.GetGrain<ICardGrain>(CardKeys.ForSerial(card.SerialNumber)).Link(resident.Key, "test");
        var body = new { municipalityCode = "092011", cardCertificate = Convert.ToBase64String(card.RawData) };

        using (var admitted = await fixture.Client().PostAsJsonAsync("terminal/v1/requests", body))
            Assert.True(admitted.IsSuccessStatusCode, await admitted.Content.ReadAsStringAsync());
        TestCardAuthority.Revoke(card.SerialNumber);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await fixture.Client().PostAsJsonAsync("terminal/v1/requests", body);
            if (!response.IsSuccessStatusCode)
            {
                await TerminalApiTests.AssertProblem(response, HttpStatusCode.Forbidden, ErrorCodes.CardRevoked);
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the revoked card was still admitted after 10 s");
            await Task.Delay(100);
        }
        await Task.Delay(200);
        Assert.Equal(0, connections);
    }

    public void Dispose() => listener.Stop();
}
