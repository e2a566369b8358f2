using ZXing;
using ZXing.Common;

namespace CertOrleans.Tests.Infrastructure;

/// <summary>
/// Scans a certificate the way a phone would scan paper: the PDF page is rasterised (poppler's pdftoppm,
/// 150 dpi, greyscale) and the QR code is decoded from the pixels with ZXing.
/// </summary>
public static class QrScanner
{
    public static string? ScanFirstPage(byte[] pdf)
    {
        var page = PageRaster.Gray(pdf, 150, firstPage: 1, lastPage: 1).Single();
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        return reader.Decode(new RGBLuminanceSource(page.Pixels, page.Width, page.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}
