using ZXing;
using ZXing.Common;

namespace CertOrleans.Tests.Support;

/// <summary>
/// Scans a certificate the way a phone would scan paper: the PDF page is rasterised (poppler's pdftoppm,
/// 300 dpi, greyscale) and the QR code is decoded from the pixels with ZXing. The code is 80 pt wide with about 70
/// modules, 0.4 mm each: 150 dpi gave 2.4 pixels a module, below what a decoder reads every time (one code in many
/// failed, by the random parts of its content), where a phone's camera at reading distance sees five or more.
/// </summary>
public static class QrScanner
{
    public static string? ScanFirstPage(byte[] pdf)
    {
        var page = PageRaster.Gray(pdf, 300, firstPage: 1, lastPage: 1).Single();
        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        return reader.Decode(new RGBLuminanceSource(page.Pixels, page.Width, page.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}
