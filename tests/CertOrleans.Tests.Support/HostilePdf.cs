using System.IO.Compression;
using System.Text;

namespace CertOrleans.Tests.Support;

/// <summary>Small, well-formed PDFs made to hurt a reader: a zip bomb in a content stream, a great many pages, or forms that draw forms.</summary>
public static class HostilePdf
{
    /// <summary>One page whose content stream inflates to <paramref name="decodedBytes"/> of spaces.</summary>
    public static byte[] Bomb(int decodedBytes)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)' ');
            for (var left = decodedBytes; left > 0; left -= chunk.Length) deflate.Write(chunk, 0, Math.Min(chunk.Length, left));
        }
        return Build(1, compressed.ToArray());
    }

    public static byte[] Pages(int count) => Build(count, null);

    /// <summary>
    /// One page that draws a form <paramref name="fanout"/> times, which draws the next form as often, <paramref name="depth"/>
    /// deep; the last draws a word. Under 2 KB, it asks for fanout^depth words (the review's 10 and 5: 100,000).
    /// </summary>
    /// <param name="cycle">The last form draws the first again instead of a word: a drawing that never ends.</param>
    public static byte[] NestedForms(int depth, int fanout, bool cycle = false)
    {
        var draws = Ascii(string.Concat(Enumerable.Repeat("/X Do ", fanout)));
        // 1 catalog, 2 pages, 3 the page, 4 a font, 5 the page's content, 6 … 5 + depth the forms (the last draws the word).
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Count 1 /Kids [3 0 R] >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 6 0 R >> >> /Contents 5 0 R >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            Stream("", draws),
        };
        for (var level = 1; level <= depth; level++)
        {
            var word = level == depth && !cycle;
            var resources = word ? "/Font << /F 4 0 R >>" : $"/XObject << /X {(level == depth ? 6 : objects.Count + 2)} 0 R >>";
            var content = word ? Ascii("BT /F 1 Tf (word) Tj ET") : draws;
            objects.Add(Stream($"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << {resources} >> ", content));
        }
        return Write(objects);
    }

    private static byte[] Build(int pages, byte[]? flateContent)
    {
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii($"<< /Type /Pages /Count {pages} /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{4 + i} 0 R"))}] >>"),
            flateContent is null
                ? Stream("", [])
                : Stream("/Filter /FlateDecode ", flateContent),
        };
        for (var i = 0; i < pages; i++) objects.Add(Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"));
        return Write(objects);
    }

    private static byte[] Write(List<byte[]> objects)
    {
        using var pdf = new MemoryStream();
        pdf.Write(Ascii("%PDF-1.7\n"));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Ascii($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write(Ascii("\nendobj\n"));
        }
        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append($"{offset:D10} 00000 n \n");
        table.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Ascii(table.ToString()));
        return pdf.ToArray();
    }

    private static byte[] Stream(string dictionary, byte[] data) =>
        [.. Ascii($"<< {dictionary}/Length {data.Length} >>\nstream\n"), .. data, .. Ascii("\nendstream")];

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
