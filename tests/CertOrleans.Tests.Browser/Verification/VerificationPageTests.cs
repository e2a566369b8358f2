using System.Net;
using CertOrleans.Gateway;
using CertOrleans.Pki.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PdfSharp.Drawing;

namespace CertOrleans.Tests.Verification;

/// <summary>The public verification page, used as a bank clerk or a landlord would: in a real browser, with the PDF or the paper.</summary>
[Collection(GatewayCollection.Name)]
public sealed class VerificationPageTests(GatewayFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private string Url(string path) => new Uri(fixture.BaseAddress, path).ToString();

    private static async Task<string> UploadAsync(IPage page, byte[] pdf, string name)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-verify-").FullName, name);
        await File.WriteAllBytesAsync(file, pdf);
        await page.SetInputFilesAsync("#pdf", file);
        await page.ClickAsync("#check-pdf");
        return (await page.GetAttributeAsync("[data-result]", "data-result"))!;
    }

    [Fact]
    public async Task A_genuine_pdf_shows_its_signed_fields_and_an_altered_or_voided_one_is_called_so()
    {
        var people = await fixture.NewResidentsWithCardsAsync(2);
        var printed = await fixture.Kiosk().RunAsync(people[0].Card, TestPki.CardPin, "092011", "juminhyo");
        var failed = await fixture.Kiosk().RunAsync(people[1].Card, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        await using var context = await chromium.ContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("verify"));
        Assert.Equal("証明書の確認", await page.TitleAsync());

        Assert.Equal("genuine", await UploadAsync(page, printed.Document.Pdf, "certificate.pdf"));
        Assert.Contains("本物です", await page.InnerTextAsync("#result"));
        var fields = await page.InnerTextAsync("#fields");
        Assert.Contains(people[0].Resident.FullName, fields);
        Assert.Contains(people[0].Resident.Address, fields);
        Assert.Contains(printed.Document.CertificateNumber, await page.InnerTextAsync("#result"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.Screenshots, "verify-genuine.png"), FullPage = true });

        // A stamp added to the page, as a forger would with any PDF editor.
        var stamped = SignedPdf.Edit(printed.Document.Pdf, document =>
        {
            using var graphics = XGraphics.FromPdfPage(document.Pages[0], XGraphicsPdfPageOptions.Append);
            graphics.DrawString("原本", SignedPdf.Gothic(12), XBrushes.Black, new XPoint(300, 500));
        });
        await page.GotoAsync(Url("verify"));
        Assert.Equal("altered", await UploadAsync(page, stamped, "stamped.pdf"));
        Assert.Contains("改ざんされています", await page.InnerTextAsync("#result"));
        Assert.Equal(0, await page.Locator("#fields").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.Screenshots, "verify-altered.png"), FullPage = true });

        await page.GotoAsync(Url("verify"));
        Assert.Equal("void", await UploadAsync(page, failed.Document.Pdf, "failed.pdf"));
        Assert.Contains("無効です", await page.InnerTextAsync("#result"));
    }

    [Fact]
    public async Task A_paper_certificate_is_checked_by_its_code_and_number_without_javascript_and_in_english()
    {
        var (_, card) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var printed = await fixture.Kiosk().RunAsync(card, TestPki.CardPin, "092011", "juminhyo");
        // The printed QR code is the verification page's address with the code: a phone's camera opens the check.
        var scanned = new Uri(QrScanner.ScanFirstPage(printed.Document.Pdf)!);
        Assert.Equal("https://verify.example.test/verify", scanned.GetLeftPart(UriPartial.Path));
        var code = CertOrleans.Gateway.Verification.QrPhoto.CodeOf(scanned.ToString())!;
        Assert.Equal(printed.Document.Pdf is { } pdf ? PdfCertificateReader.Read(pdf).VerificationCode : null, code);
        await using var context = await chromium.ContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("verify" + scanned.Query));
        Assert.Equal("genuine", await page.GetAttributeAsync("[data-result]", "data-result"));
        Assert.Contains(printed.Document.CertificateNumber, await page.InnerTextAsync("#result"));

        await page.GotoAsync(Url("verify?lang=en"));
        Assert.Equal("Check a certificate", await page.TitleAsync());
        await page.FillAsync("#number", printed.Document.CertificateNumber);
        await page.FillAsync("#code", code);
        await page.ClickAsync("#check-code");
        Assert.Equal("genuine", await page.GetAttributeAsync("[data-result]", "data-result"));
        Assert.Contains("This verification code is genuine", await page.InnerTextAsync("#result"));
        Assert.Contains("The paper's text was not checked", await page.InnerTextAsync("#result"));

        // The code of another certificate under this number does not pass.
        await page.GotoAsync(Url("verify"));
        await page.FillAsync("#number", "092011-20260101-AAAAAAAAAA");
        await page.FillAsync("#code", code);
        await page.ClickAsync("#check-code");
        Assert.Equal("altered", await page.GetAttributeAsync("[data-result]", "data-result"));

        // A photo of the paper's QR code (here the page rasterised at 150 dpi, as a scan would give it).
        var photo = Path.Combine(Directory.CreateTempSubdirectory("certorleans-photo-").FullName, "page");
        using (var pdftoppm = System.Diagnostics.Process.Start("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", WritePdf(printed.Document.Pdf), photo])!)
            await pdftoppm.WaitForExitAsync();
        await page.GotoAsync(Url("verify"));
        await page.SetInputFilesAsync("#photo", photo + ".png");
        await page.ClickAsync("#check-photo");
        Assert.Equal("genuine", await page.GetAttributeAsync("[data-result]", "data-result"));
        Assert.Contains(printed.Document.CertificateNumber, await page.InnerTextAsync("#result"));
        await page.GotoAsync(Url("verify"));
        await page.SetInputFilesAsync("#photo", new FilePayload { Name = "blank.png", MimeType = "image/png", Buffer = BlankPng() });
        await page.ClickAsync("#check-photo");
        Assert.Contains("QRコードを読み取れませんでした", await page.InnerTextAsync("[role=alert]"));

        // The code of a voided certificate (its print failed), typed in: void.
        var (_, other) = (await fixture.NewResidentsWithCardsAsync(1))[0];
        var failed = await fixture.Kiosk().RunAsync(other, TestPki.CardPin, "092011", "juminhyo", printerFails: true);
        await page.GotoAsync(Url("verify"));
        await page.FillAsync("#number", failed.Document.CertificateNumber);
        await page.FillAsync("#code", PdfCertificateReader.Read(failed.Document.Pdf).VerificationCode!);
        await page.ClickAsync("#check-code");
        Assert.Equal("void", await page.GetAttributeAsync("[data-result]", "data-result"));

        // The printable explanation.
        await page.GotoAsync(Url("verify/about"));
        Assert.Contains("検証コード", await page.InnerTextAsync("main"));
    }

    private static string WritePdf(byte[] pdf)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("certorleans-pdf-").FullName, "certificate.pdf");
        File.WriteAllBytes(file, pdf);
        return file;
    }

    private static byte[] BlankPng()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.L8>(200, 200);
        using var stream = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task Each_client_address_gets_a_limited_number_of_checks_a_minute()
    {
        await using var gateway = GatewayApplication.Build(["--urls", "https://127.0.0.1:0"], new GatewayApplication.Settings
        {
            UseOrleansClient = false,
            Certificates = fixture.Pki.GatewayCertificates(),
            Configure = builder =>
            {
                builder.Configuration["Gateway:RateLimits:VerifyPermitsPerMinute"] = "3";
                builder.Services.AddSingleton<IGrainFactory>(fixture.Host.Cluster.Client);
            },
        });
        await gateway.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        {
            BaseAddress = new Uri(gateway.Urls.Single() + "/"),
        };
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("verify")).StatusCode);
        var refused = await http.GetAsync("verify/v1/keys/092011");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"rate-limited\"", await refused.Content.ReadAsStringAsync());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await gateway.StopAsync();
    }
}
