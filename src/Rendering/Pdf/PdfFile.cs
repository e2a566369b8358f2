using System.Globalization;
using System.Text;

namespace CertOrleans.Rendering.Pdf;

/// <summary>
/// A PDF file written front to back: numbered objects, each stream with its length, then the cross-reference
/// table and the trailer. Objects may be numbered before they are written (a page names its parent first).
/// </summary>
internal sealed class PdfFile
{
    private readonly PdfOutput output;
    private readonly List<int> offsets = [0];

    public PdfFile(int capacity)
    {
        output = new PdfOutput(capacity);
        output.Raw("%PDF-1.7\n%\u00E2\u00E3\u00CF\u00D3\n"u8);
    }

    /// <summary>A number for an object written later.</summary>
    public int Reserve()
    {
        offsets.Add(-1);
        return offsets.Count - 1;
    }

    /// <summary>An object that is a dictionary (or any other value) written as text.</summary>
    public void Object(int number, string value)
    {
        Begin(number);
        output.Raw(value).Raw("\nendobj\n"u8);
    }

    /// <summary>An object that is a stream: <paramref name="dictionary"/> holds the entries other than /Length.</summary>
    public void Stream(int number, string dictionary, ReadOnlySpan<byte> data)
    {
        Begin(number);
        output.Raw("<<").Raw(dictionary).Raw("/Length ").Number(data.Length).Raw(">>\nstream\n"u8).Raw(data).Raw("\nendstream\nendobj\n"u8);
    }

    /// <summary>Writes the cross-reference table and the trailer; answers the whole file.</summary>
    public byte[] Finish(int root, int info)
    {
        if (offsets.Contains(-1)) throw new InvalidOperationException("An object was numbered but never written.");
        var table = output.Length;
        output.Raw(FormattableString.Invariant($"xref\n0 {offsets.Count}\n0000000000 65535 f \n"));
        foreach (var offset in offsets.Skip(1)) output.Raw(FormattableString.Invariant($"{offset:D10} 00000 n \n"));
        output.Raw(FormattableString.Invariant($"trailer\n<</Size {offsets.Count}/Root {root} 0 R/Info {info} 0 R>>\nstartxref\n{table}\n%%EOF\n"));
        return output.Written.ToArray();
    }

    /// <summary>A text string: ASCII as a literal, anything else as UTF-16BE with its byte order mark.</summary>
    public static string Text(string value)
    {
        if (value.All(c => c is >= ' ' and <= '~'))
            return "(" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")";
        var hex = new StringBuilder("<FEFF");
        foreach (var c in value) hex.Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        return hex.Append('>').ToString();
    }

    private void Begin(int number)
    {
        offsets[number] = output.Length;
        output.Number(number).Raw("0 obj\n"u8);
    }
}
