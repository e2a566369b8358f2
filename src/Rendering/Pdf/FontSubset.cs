using System.Buffers.Binary;
using System.Text;
using CertOrleans.Documents.Fonts;

namespace CertOrleans.Rendering.Pdf;

/// <summary>
/// The characters one document draws from a <see cref="FontFace"/>, numbered 0, 1, 2 … in the order first drawn (0 is
/// .notdef): those numbers are the character codes in the page content and the glyph ids of the embedded font
/// program, which holds only their glyphs (and the parts composite glyphs are built from), without hinting
/// instructions. A code stands for one character, so two characters that share a glyph (〜 and ～ in IPAex) get
/// a code each, and a reader extracts each as it was written. A PDF reader takes advances from the font
/// dictionary's widths, and printers and poppler draw these glyphs unhinted.
/// </summary>
internal sealed class FontSubset(FontFace face)
{
    private readonly Dictionary<int, ushort> codeOfCharacter = [];
    /// <summary>The first code of each glyph in the subset: what a composite glyph's components are renumbered to.</summary>
    private readonly Dictionary<ushort, ushort> codeOfGlyph = new() { [0] = 0 };
    private readonly List<ushort> glyphs = [0];
    private readonly List<int> characters = [0];

    public FontFace Face => face;

    /// <summary>The character code for a character in this document (assigned on first use).</summary>
    /// <exception cref="InvalidOperationException">The font has no glyph for it (the message does not name it: it may be personal data).</exception>
    public ushort Code(int codePoint)
    {
        if (codeOfCharacter.TryGetValue(codePoint, out var code)) return code;
        var glyph = face.GlyphOf(codePoint);
        if (glyph == 0) throw new InvalidOperationException($"A character that {face.PostScriptName} does not have was to be printed as text.");
        code = Add(glyph, codePoint);
        codeOfCharacter[codePoint] = code;
        if (IsComposite(glyph, out var outline)) AddComponents(outline);
        return code;
    }

    /// <summary>The font's name in the PDF: a tag that names this subset, then the font's PostScript name.</summary>
    public string BaseFont()
    {
        var hash = 2166136261u;
        foreach (var glyph in glyphs) hash = (hash ^ glyph) * 16777619u;
        var tag = new char[6];
        for (var i = 0; i < tag.Length; i++, hash /= 26) tag[i] = (char)('A' + hash % 26);
        return $"{new string(tag)}+{face.PostScriptName}";
    }

    /// <summary>The W array of the CID font: every code's width, in thousandths of an em.</summary>
    public void WriteWidths(PdfOutput output)
    {
        output.Raw("[0[");
        foreach (var glyph in glyphs) output.Number(face.PdfWidth(glyph));
        output.Raw("]]");
    }

    /// <summary>The ToUnicode CMap: which character each code shows, so a reader extracts the text as it was written.</summary>
    public byte[] ToUnicode()
    {
        var text = new StringBuilder(200 + 20 * characters.Count);
        text.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n");
        var mapped = Enumerable.Range(1, characters.Count - 1).Where(i => characters[i] != 0).ToList();
        foreach (var block in mapped.Chunk(100))
        {
            text.Append(block.Length).Append(" beginbfchar\n");
            // UTF-16BE: a character beyond the BMP is its surrogate pair.
            foreach (var code in block) text.Append($"<{code:X4}><{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(characters[code])))}>\n");
            text.Append("endbfchar\n");
        }
        text.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>The font program: glyf, head, hhea, hmtx, loca and maxp for the subset's glyphs, in their new order.</summary>
    public byte[] FontProgram()
    {
        // Without instructions no outline is longer than it was, and padding to four bytes adds at most three.
        var glyf = new byte[glyphs.Sum(g => face.Outline(g).Length + 3)];
        var length = 0;
        var loca = new byte[4 * (glyphs.Count + 1)];
        var hmtx = new byte[4 * glyphs.Count];
        for (var i = 0; i < glyphs.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * i), (uint)length);
            var glyph = glyphs[i];
            BinaryPrimitives.WriteUInt16BigEndian(hmtx.AsSpan(4 * i), (ushort)face.Advance(glyph));
            BinaryPrimitives.WriteInt16BigEndian(hmtx.AsSpan(4 * i + 2), face.LeftSideBearing(glyph));
            var outline = face.Outline(glyph);
            if (outline.IsEmpty) continue;
            var output = glyf.AsSpan(length);
            var written = BinaryPrimitives.ReadInt16BigEndian(outline) < 0 ? Renumbered(outline, output) : GlyphOutlines.WithoutInstructions(outline, output);
            length += (written + 3) & ~3;  // the array is zeroed, so the padding is
        }
        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * glyphs.Count), (uint)length);
        var head = face.Table("head").ToArray();
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1);
        var hhea = face.Table("hhea").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), (ushort)glyphs.Count);
        var maxp = face.Table("maxp").ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)glyphs.Count);
        return TrueTypeFile.Write([("glyf", glyf.AsMemory(0, length)), ("head", head), ("hhea", hhea), ("hmtx", hmtx), ("loca", loca), ("maxp", maxp)]);
    }

    private ushort Add(ushort glyph, int codePoint)
    {
        var code = (ushort)glyphs.Count;
        codeOfGlyph.TryAdd(glyph, code);
        glyphs.Add(glyph);
        characters.Add(codePoint);
        return code;
    }

    private void AddComponents(ReadOnlySpan<byte> outline)
    {
        foreach (var (_, component) in GlyphOutlines.Components(outline).Parts)
        {
            if (codeOfGlyph.ContainsKey(component)) continue;
            Add(component, 0);
            if (IsComposite(component, out var inner)) AddComponents(inner.ToArray());
        }
    }

    private bool IsComposite(ushort glyph, out ReadOnlySpan<byte> outline)
    {
        outline = face.Outline(glyph);
        return outline.Length >= 2 && BinaryPrimitives.ReadInt16BigEndian(outline) < 0;
    }

    /// <summary>A composite glyph with its components' ids changed to their numbers in this subset, without its instructions.</summary>
    private int Renumbered(ReadOnlySpan<byte> outline, Span<byte> output)
    {
        const int instructions = 0x0100;
        var (parts, end) = GlyphOutlines.Components(outline);
        outline[..end].CopyTo(output);
        foreach (var (at, component) in parts)
        {
            var flags = BinaryPrimitives.ReadUInt16BigEndian(output[at..]);
            BinaryPrimitives.WriteUInt16BigEndian(output[at..], (ushort)(flags & ~instructions));
            BinaryPrimitives.WriteUInt16BigEndian(output[(at + 2)..], codeOfGlyph[component]);
        }
        return end;
    }
}
