namespace CertOrleans.Kiosk;

/// <summary>
/// The store terminal's printer: the PDF is spooled to a file, printed, and the spooled file deleted once the
/// print is confirmed, as a real store terminal must (no copy of anyone's certificate stays in the store).
/// <see cref="Keep"/> leaves it, for a demonstration.
/// </summary>
public sealed partial class KioskPrinter(DirectoryInfo spool, bool keep = false)
{
    /// <summary>A certificate number as the issuance server makes it: municipality, issue date, ten letters or digits.</summary>
    public static bool IsCertificateNumber(string number) => CertificateNumber().IsMatch(number);

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[0-9]{6}-[0-9]{8}-[0-9A-Z]{10}\z")]
    private static partial System.Text.RegularExpressions.Regex CertificateNumber();

    public bool Keep { get; } = keep;

    /// <summary>Spools <paramref name="document"/> and "prints" it; the path of the spooled file.</summary>
    public async Task<string> PrintAsync(DeliveredDocument document, CancellationToken ct = default)
    {
        if (!IsCertificateNumber(document.CertificateNumber)) throw new ArgumentException("Not a certificate number: the document is not spooled.", nameof(document));
        spool.Create();
        var path = Path.Combine(spool.FullName, $"{document.CertificateNumber}.pdf");
        await File.WriteAllBytesAsync(path, document.Pdf, ct);
        return path;
    }

    /// <summary>After the confirmation: the spooled copy is deleted unless it is to be kept; whether it still exists.</summary>
    public bool Release(string path)
    {
        if (!Keep) File.Delete(path);
        return File.Exists(path);
    }
}
