using CertOrleans.Contracts.Certificates;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CertOrleans.Admin.Verification;
using CertOrleans.Pki.Verification;
using CertOrleans.Tests.Terminals;

namespace CertOrleans.Tests.Verification;

[Collection(GatewayCollection.Name)]
public sealed class VerificationApiTests(GatewayFixture fixture)
{
    private async Task<JsonElement> VerifyPdfAsync(byte[] pdf)
    {
        var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var response = await fixture.Client(terminalId: null).PostAsync("verify/v1/documents", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private HttpClient Admin() => fixture.BearerClient(GatewayFixture.AdminKey);

    [Fact]
    public async Task An_issued_pdf_verifies_as_genuine_and_an_altered_text_does_not()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var result = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");

        var verdict = await VerifyPdfAsync(result.Document.Pdf);
        Assert.Equal("genuine", verdict.GetProperty("result").GetString());
        Assert.Equal(result.Document.CertificateNumber, verdict.GetProperty("certificateNumber").GetString());

        var reading = PdfCertificateReader.Read(result.Document.Pdf);
        var http = fixture.Client(terminalId: null);
        // By code: a version-2 code is checked against the signed content the PDF carries.
        var same = await http.PostAsJsonAsync("verify/v1/codes", new { verificationCode = reading.VerificationCode, content = reading.SignedContent });
        Assert.Equal("genuine", (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
        var oneCharacter = reading.SignedContent!.Replace("宇都宮市長", "宇都宮市丁", StringComparison.Ordinal);
        var altered = await http.PostAsJsonAsync("verify/v1/codes", new { verificationCode = reading.VerificationCode, content = oneCharacter });
        Assert.Equal("altered", (await altered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
        var garbage = await http.PostAsJsonAsync("verify/v1/codes", new { verificationCode = "CO1.garbage", content = "x" });
        Assert.Equal("malformed", (await garbage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_certificate_whose_print_failed_verifies_as_void_though_its_signature_is_valid()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var failed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        Assert.Equal("PrintFailed", failed.Outcome);

        var verdict = await VerifyPdfAsync(failed.Document.Pdf);
        Assert.Equal("void", verdict.GetProperty("result").GetString());
        Assert.Equal(failed.Document.CertificateNumber, verdict.GetProperty("certificateNumber").GetString());
        var reading = PdfCertificateReader.Read(failed.Document.Pdf);
        var typed = await fixture.Client(terminalId: null).PostAsJsonAsync("verify/v1/codes", new { verificationCode = reading.VerificationCode, content = reading.SignedContent });
        Assert.Equal("void", (await typed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString());
    }

    [Fact]
    public async Task Offline_a_signed_void_list_says_void_for_a_failed_print_and_an_altered_list_is_refused()
    {
        var people = await fixture.NewResidentsWithCardsAsync(2);
        var failed = await fixture.Kiosk().RunAsync(people[0].Card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        var printed = await fixture.Kiosk().RunAsync(people[1].Card, TestPki.CardPin, "092011", "juminhyo");
        var http = fixture.Client(terminalId: null);
        var keys = OfflineVerification.ReadKeys(await http.GetStringAsync("verify/v1/keys/092011"));
        var published = await http.GetStringAsync("verify/v1/void-list/092011");
        var list = OfflineVerification.ReadVoidList(published, keys);
        Assert.Contains(failed.Document.CertificateNumber, list.CertificateNumbers);
        Assert.DoesNotContain(printed.Document.CertificateNumber, list.CertificateNumbers);

        var failedReading = PdfCertificateReader.Read(failed.Document.Pdf);
        Assert.Equal(7, OfflineVerification.Verify(failedReading, keys, list).ExitCode);
        var printedReading = PdfCertificateReader.Read(printed.Document.Pdf);
        Assert.Equal(0, OfflineVerification.Verify(printedReading, keys, list).ExitCode);

        // A list with the failed certificate taken off no longer verifies: nobody can make a void certificate pass.
        var altered = published.Replace($"\"{failed.Document.CertificateNumber}\"", "\"092011-20260101-AAAAAAAAAA\"", StringComparison.Ordinal);
        Assert.NotEqual(published, altered);
        Assert.Throws<InvalidDataException>(() => OfflineVerification.ReadVoidList(altered, keys));
    }

    [Fact]
    public async Task After_rotation_old_certificates_still_verify_and_after_revocation_they_are_reported_revoked()
    {
        // A municipality of its own, so rotating and revoking does not disturb other tests.
        const string code = "092045"; // 佐野市
        var configuration = new Contracts.Municipalities.MunicipalityConfiguration
        {
            Name = "佐野市", Prefecture = "栃木県", MayorTitle = "佐野市長", MayorName = "試験　四郎",
            Fees = new Dictionary<string, int> { ["juminhyo"] = 200 },
        };
        Assert.Equal(HttpStatusCode.OK, (await Admin().PutAsJsonAsync($"admin/v1/municipalities/{code}", configuration)).StatusCode);
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1, r => r with { Key = r.Key with { MunicipalityCode = code } }))[0];

        var before = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo");
        var rotated = await Admin().PostAsync($"admin/v1/municipalities/{code}/keys/rotate", null);
        var newKey = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keyId").GetInt32();
        var after = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, code, "juminhyo");

        var oldVerdict = await VerifyPdfAsync(before.Document.Pdf);
        Assert.Equal("genuine", oldVerdict.GetProperty("result").GetString());
        var newVerdict = await VerifyPdfAsync(after.Document.Pdf);
        Assert.Equal("genuine", newVerdict.GetProperty("result").GetString());
        Assert.Equal(newKey, newVerdict.GetProperty("keyId").GetInt32());
        Assert.NotEqual(newKey, oldVerdict.GetProperty("keyId").GetInt32());

        // Offline: the published keys are all a verifier needs.
        var published = await fixture.Client(terminalId: null).GetStringAsync($"verify/v1/keys/{code}");
        var keys = OfflineVerification.ReadKeys(published);
        Assert.Contains(keys, k => k.Status == IssuingKeyStatus.Retired);
        var reading = PdfCertificateReader.Read(before.Document.Pdf);
        Assert.Equal(0, OfflineVerification.Verify(reading, keys).ExitCode);

        var oldKey = oldVerdict.GetProperty("keyId").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await Admin().PostAsync($"admin/v1/municipalities/{code}/keys/{oldKey}/revoke", null)).StatusCode);
        Assert.Equal("revoked-key", (await VerifyPdfAsync(before.Document.Pdf)).GetProperty("result").GetString());
        Assert.Equal("genuine", (await VerifyPdfAsync(after.Document.Pdf)).GetProperty("result").GetString());
        await TerminalApiTests.AssertProblem(await Admin().PostAsync($"admin/v1/municipalities/{code}/keys/99/revoke", null), HttpStatusCode.NotFound, "issuing-key-unknown");
    }

    [Fact]
    public async Task Something_that_is_not_a_pdf_is_a_clear_error()
    {
        var content = new ByteArrayContent("not a pdf"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var response = await fixture.Client(terminalId: null).PostAsync("verify/v1/documents", content);
        await TerminalApiTests.AssertProblem(response, HttpStatusCode.BadRequest, "invalid-field");
    }
}
