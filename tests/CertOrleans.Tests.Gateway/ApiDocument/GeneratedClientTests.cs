using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertOrleans.Contracts.Requests;
using CertOrleans.Pki;
using CertOrleans.TerminalClient;
using CertOrleans.TerminalClient.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace CertOrleans.Tests.ApiDocument;

/// <summary>
/// The client a kiosk vendor generates from the document (Kiota, committed under tests/CertOrleans.TerminalClient)
/// completes a flow over mutual TLS, and is exactly what Kiota makes of the document the gateway serves now.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GeneratedClientTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_client_generated_from_the_document_prints_a_certificate_over_mutual_tls()
    {
        var (resident, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var root = X509CertificateLoader.LoadCertificate(fixture.Pki.GatewayCa.Certificate.RawData);
        // Kiota's own handlers (retries, redirects, header inspection) in front of the terminal's TLS connection.
        using var http = KiotaClientFactory.Create(GatewayHttp.Handler(fixture.Pki.IssueTerminal(GatewayFixture.Terminal), root));
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = fixture.BaseAddress.ToString().TrimEnd('/') };
        var terminal = new TerminalApiClient(adapter).Terminal.V1;

        var started = await terminal.Requests.PostAsync(new StartRequestBody { MunicipalityCode = "092011", CardCertificate = Convert.ToBase64String(card.Certificate.RawData) });
        Assert.NotNull(started?.RequestId);
        // The card signs the request id and the challenge after its PIN, as at a kiosk.
        var signature = card.Sign(TestPki.CardPin, CardAuthenticationProtocol.SignedPayload(started.RequestId, Convert.FromBase64String(started.Challenge!)));
        var request = terminal.Requests[started.RequestId];
        var menu = await request.Authentication.PostAsync(new AuthenticationBody { Signature = Convert.ToBase64String(signature) });
        Assert.Equal("宇都宮市", menu?.MunicipalityName);

        var order = await request.Order.PostAsync(new OrderBody { CertificateType = "juminhyo", Copies = 1 });
        Assert.Equal(200, order?.Fee);
        // A refusal arrives as the document's problem type, with its stable code.
        var refused = await Assert.ThrowsAsync<Problem>(() => request.Payment.PostAsync(new PaymentBody { Amount = order!.Fee + 10, PaymentReference = "cash-short" }));
        Assert.Equal((422, "payment-amount-mismatch"), (refused.ResponseStatusCode, refused.Code));
        await request.Payment.PostAsync(new PaymentBody { Amount = order!.Fee, PaymentReference = $"cash-{Guid.NewGuid():N}" });

        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        byte[] pdf;
        await using (var body = await request.Document.GetAsync(c => c.Options.Add(headers)))
        {
            using var copy = new MemoryStream();
            await body!.CopyToAsync(copy);
            pdf = copy.ToArray();
        }
        var number = headers.ResponseHeaders["X-Certificate-Number"].Single();
        Assert.Equal(Convert.ToHexString(SHA256.HashData(pdf)), headers.ResponseHeaders["X-Content-SHA256"].Single(), ignoreCase: true);
        var text = PdfText.All(pdf);
        Assert.Contains("住民票の写し", text);
        Assert.Contains(PdfText.Compact(resident.FullName), text);
        Assert.Contains(number, text);

        var ended = await request.PrintConfirmation.PostAsync(new PrintConfirmationBody
        {
            Printed = true,
            CertificateNumber = number,
            TerminalDeletion = new TerminalDeletionBody { Deleted = true, At = DateTimeOffset.UtcNow, Detail = "memory zeroed" },
        });
        Assert.Equal("Printed", ended?.Outcome);
        var record = await fixture.Host.Journal.FindAsync(started.RequestId);
        Assert.Equal(RequestOutcome.Printed, record?.Outcome);
    }

    [Fact]
    public async Task The_committed_client_is_what_kiota_makes_of_the_document()
    {
        var document = await RepositoryTools.SaveDocumentAsync(fixture);
        var made = Directory.CreateTempSubdirectory("certorleans-kiota-").FullName;
        var script = Path.Combine(RepositoryTools.Root, "tools", "openapi", "generate-terminal-client.sh");
        var (exit, output, error) = await RepositoryTools.RunAsync(script, [document, made], RepositoryTools.Root);
        Assert.True(exit == 0, $"Kiota failed (scripts/prerequisites.sh --test restores it): {output}{error}");

        var committed = Path.Combine(RepositoryTools.Root, "tests", "CertOrleans.TerminalClient", "Generated");
        var fix = $"The committed client has drifted from the document: run tools/openapi/generate-terminal-client.sh {document}";
        var (expected, actual) = (Files(made), Files(committed));
        Assert.True(expected.Keys.SequenceEqual(actual.Keys), fix);
        foreach (var (name, text) in expected) Assert.True(text == actual[name], $"{name}: {fix}");
    }

    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText), StringComparer.Ordinal);
}
