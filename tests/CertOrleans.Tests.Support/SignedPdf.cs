using CertOrleans.Rendering;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using CertOrleans.Documents.Fonts;

namespace CertOrleans.Tests.Support;

/// <summary>A forger's tools: edit a certificate PDF with a PDF library and save it again.</summary>
public static class SignedPdf
{
    public static byte[] Edit(byte[] pdf, Action<PdfDocument> edit)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Modify);
        edit(document);
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    /// <summary>IPAexゴシック for a forger's additions (PDFsharp draws with the fonts the certificates embed).</summary>
    public static XFont Gothic(double size)
    {
        CertOrleans.Rendering.Reports.ReportFonts.EnsureInstalled();
        return new XFont(JapaneseFonts.Gothic, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }

    /// <summary>The first page's one embedded image.</summary>
    public static PdfDictionary Image(PdfDocument document)
    {
        var objects = document.Pages[0].Resources.Elements.GetDictionary("/XObject")!;
        return objects.Elements.Keys.Select(k => objects.Elements.GetDictionary(k)).Single(d => d?.Elements.GetName("/Subtype") == "/Image")!;
    }
}
