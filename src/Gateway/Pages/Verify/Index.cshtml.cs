using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Gateway.Verification;
using CertOrleans.Pki.Verification;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Gateway.Pages.Verify;

/// <summary>
/// The public verification page: upload the PDF, or give the code scanned from the paper's QR code with the printed
/// certificate number. Plain HTML forms; no script. Nothing sent is stored or logged.
/// </summary>
[RequestSizeLimit(QrPhoto.MaxBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = QrPhoto.MaxBytes + 64 * 1024)]
public sealed class VerifyModel(CertificateCheck check, IGrainFactory grains) : PageModel
{
    public const int MaxUploadBytes = 4 * 1024 * 1024;

    [BindProperty(SupportsGet = true, Name = "lang")]
    public string? Lang { get; set; }

    public VerifyText Text => new(Lang == "en");

    public CheckOutcome? Outcome { get; private set; }

    public string? MunicipalityName { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public string? CertificateNumber { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    /// <summary>A phone's camera opens the page from the printed QR code with <c>?code=…</c>: the code is checked at once.</summary>
    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "code")] string? scanned)
    {
        if (string.IsNullOrWhiteSpace(scanned)) return Page();
        NoStore();
        if (scanned.Length > 1000 || !VerificationCode.TryParse(scanned, out var parsed)) return Fail(Text.NoQr);
        Code = scanned;
        return await ShowAsync(await check.CodeOnlyAsync(scanned, parsed.CertificateNumber));
    }

    public async Task<IActionResult> OnPostPdfAsync(IFormFile? pdf)
    {
        NoStore();
        if (pdf is null || pdf.Length == 0) return Fail(Text.NotPdf);
        if (pdf.Length > MaxUploadBytes) return Fail(Text.TooLarge);
        using var buffer = new MemoryStream();
        await pdf.CopyToAsync(buffer, HttpContext.RequestAborted);
        CertificateReading reading;
        try
        {
            reading = PdfCertificateReader.Read(buffer.ToArray());
        }
        catch (InvalidDataException)
        {
            return Fail(Text.NotPdf);
        }
        catch (PdfLimitExceededException)
        {
            return Fail(Text.TooComplex);
        }
        return await ShowAsync(await check.PdfAsync(reading));
    }

    public async Task<IActionResult> OnPostPhotoAsync(IFormFile? photo)
    {
        NoStore();
        if (photo is null || photo.Length == 0) return Fail(Text.NoQr);
        if (photo.Length > QrPhoto.MaxBytes) return Fail(Text.TooLarge);
        using var buffer = new MemoryStream();
        await photo.CopyToAsync(buffer, HttpContext.RequestAborted);
        // The code names its certificate number; the reader compares it with the one printed on the paper.
        if (await QrPhoto.ReadAsync(buffer.ToArray(), HttpContext.RequestAborted) is not { } text || QrPhoto.CodeOf(text) is not { } code || !VerificationCode.TryParse(code, out var parsed)) return Fail(Text.NoQr);
        return await ShowAsync(await check.CodeOnlyAsync(code, parsed.CertificateNumber));
    }

    public async Task<IActionResult> OnPostCodeAsync()
    {
        NoStore();
        if (string.IsNullOrWhiteSpace(Code) || string.IsNullOrWhiteSpace(CertificateNumber) || Code.Length > 1000 || CertificateNumber.Length > 64) return Fail(Text.Missing);
        return await ShowAsync(await check.CodeOnlyAsync(Code.Trim(), CertificateNumber));
    }

    public string TypeName(string code) => CertificateTypes.TryParse(code, out var type) ? CertificateTypes.JapaneseName(type) : code;

    private async Task<IActionResult> ShowAsync(CheckOutcome outcome)
    {
        Outcome = outcome;
        if (outcome.Code is { } code && Contracts.Residents.ResidentKey.IsValidMunicipalityCode(code.MunicipalityCode))
            MunicipalityName = (await grains.GetGrain<IMunicipalityGrain>(MunicipalityKeys.For(code.MunicipalityCode)).Get())?.Name;
        return Page();
    }

    private PageResult Fail(string message)
    {
        Error = message;
        return Page();
    }

    /// <summary>A result shows the certificate's content: no browser or proxy may keep it.</summary>
    private void NoStore() => Response.Headers.CacheControl = "no-store";
}
