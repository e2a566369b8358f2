namespace CertOrleans.Kiosk;

/// <summary>
/// The store terminal's printer: the PDF is spooled to a file, printed, and the spooled file deleted once the
/// print is confirmed, as a real store terminal must (no copy of anyone's certificate stays in the store).
/// <see cref="Keep"/> leaves it, for a demonstration.
/// </summary>
public sealed class KioskPrinter(DirectoryInfo spool, bool keep = false)
{
    public bool Keep { get; } = keep;

    /// <summary>Spools <paramref name="document"/> and "prints" it; the path of the spooled file.</summary>
    public async Task<string> PrintAsync(DeliveredDocument document, CancellationToken ct = default)
    {
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
