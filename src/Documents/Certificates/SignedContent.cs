using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CertOrleans.Documents.Certificates;

/// <summary>Where an item sits on its page: whole points, from the page's top-left corner, as the renderer draws.</summary>
public readonly record struct ContentBox(int Left, int Top, int Right, int Bottom)
{
    /// <summary>The smallest whole-point box around a drawn rectangle.</summary>
    public static ContentBox Around(double left, double top, double width, double height) =>
        new((int)Math.Floor(left), (int)Math.Floor(top), (int)Math.Ceiling(left + width), (int)Math.Ceiling(top + height));

    public bool Contains(double x, double y, double tolerance) =>
        x >= Left - tolerance && x <= Right + tolerance && y >= Top - tolerance && y <= Bottom + tolerance;
}

/// <summary>
/// One thing printed on a certificate: a text item (named by what it is: the title, a row's label, the value of
/// the row 「氏名」 …) or an embedded image (named <c>image:{label}</c>, its value the image's fingerprint).
/// </summary>
public sealed record ContentItem(int Page, ContentBox Box, string Name, string Value)
{
    public const string ImagePrefix = "image:";

    /// <summary>A registered 外字 drawn as an image: <c>image:glyph:U+E001</c>; its character stays in its text item's value.</summary>
    public const string GlyphPrefix = ImagePrefix + "glyph:U+";

    public bool IsImage => Name.StartsWith(ImagePrefix, StringComparison.Ordinal);

    public static string GlyphName(int codePoint) => GlyphPrefix + codePoint.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The code point of a glyph item, or null for any other item.</summary>
    public int? GlyphCodePoint => Name.StartsWith(GlyphPrefix, StringComparison.Ordinal)
        && int.TryParse(Name.AsSpan(GlyphPrefix.Length), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var codePoint)
        ? codePoint : null;
}

/// <summary>
/// The signed content of a version-2 certificate (<c>CO2</c> codes): every printed item in drawing order, one
/// line each, <c>{page}|{left},{top},{right},{bottom}|{name}={value}</c>, with <c>\</c>, <c>|</c>, <c>=</c> and
/// line breaks escaped. Unlike version 1, whitespace is kept, every value is bound to its field and its place on
/// the page, and images are covered by their SHA-256 with how they are drawn (SignedContent.Images.cs). The PDF
/// carries this text (base64, UTF-8) in its document information as <see cref="PdfInfoName"/>, so a verifier can
/// show the signed fields and match them to the page.
/// </summary>
public static partial class SignedContent
{
    public const string PdfInfoName = "CertOrleansContent";

    /// <summary>
    /// The item a tax certificate's fiscal year is signed as (the value of its row 「年度」, e.g. 令和7年度). Certificates
    /// issued before it have none, and verify as they did.
    /// </summary>
    public const string FiscalYearItem = "年度";

    public static string Encode(IEnumerable<ContentItem> items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            var box = item.Box;
            text.Append(CultureInfo.InvariantCulture, $"{item.Page}|{box.Left},{box.Top},{box.Right},{box.Bottom}|");
            Escape(text, item.Name);
            text.Append('=');
            Escape(text, item.Value);
            text.Append('\n');
        }
        return text.ToString();
    }

    public static byte[] Digest(string encoded) => SHA256.HashData(Encoding.UTF8.GetBytes(encoded));

    /// <summary>Reads encoded content back; false for anything <see cref="Encode"/> could not have written.</summary>
    public static bool TryDecode(string encoded, out IReadOnlyList<ContentItem> items)
    {
        var list = new List<ContentItem>();
        items = list;
        if (encoded.Length == 0 || encoded[^1] != '\n') return false;
        foreach (var line in encoded[..^1].Split('\n'))
        {
            var parts = line.Split('|', 3);
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1) return false;
            var corners = parts[1].Split(',');
            if (corners.Length != 4) return false;
            var numbers = new int[4];
            for (var i = 0; i < 4; i++)
                if (!int.TryParse(corners[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i])) return false;
            if (!TryUnescapePair(parts[2], out var name, out var value)) return false;
            list.Add(new ContentItem(page, new ContentBox(numbers[0], numbers[1], numbers[2], numbers[3]), name, value));
        }
        return Encode(list) == encoded;
    }

    private static void Escape(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '|': text.Append(@"\|"); break;
                case '=': text.Append(@"\="); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    private static bool TryUnescapePair(string escaped, out string name, out string value)
    {
        name = value = "";
        var current = new StringBuilder();
        string? first = null;
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c == '\\')
            {
                if (++i == escaped.Length) return false;
                current.Append(escaped[i] switch { '\\' => '\\', '|' => '|', '=' => '=', 'n' => '\n', _ => '\0' });
                if (current[^1] == '\0') return false;
            }
            else if (c == '=' && first is null)
            {
                first = current.ToString();
                current.Clear();
            }
            else if (c is '=' or '|') return false;
            else current.Append(c);
        }
        if (first is null) return false;
        name = first;
        value = current.ToString();
        return true;
    }
}
