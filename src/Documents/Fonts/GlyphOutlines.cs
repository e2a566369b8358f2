using System.Buffers.Binary;

namespace CertOrleans.Documents.Fonts;

/// <summary>
/// Reading a TrueType glyph outline (glyf) as a certificate's font subset embeds it: the renderer writes outlines
/// this way, and the verifier compares a PDF's glyphs with the certificate font's in the same form.
/// </summary>
public static class GlyphOutlines
{
    /// <summary>Each component of a composite glyph (where its flags stand, and its glyph id), and where the components end.</summary>
    public static (List<(int At, ushort Glyph)> Parts, int End) Components(ReadOnlySpan<byte> outline)
    {
        const int words = 0x0001, scale = 0x0008, more = 0x0020, xyScale = 0x0040, twoByTwo = 0x0080;
        var components = new List<(int, ushort)>();
        var at = 10;
        int flags;
        do
        {
            flags = BinaryPrimitives.ReadUInt16BigEndian(outline[at..]);
            components.Add((at, BinaryPrimitives.ReadUInt16BigEndian(outline[(at + 2)..])));
            at += 4 + ((flags & words) != 0 ? 4 : 2) + ((flags & scale) != 0 ? 2 : (flags & xyScale) != 0 ? 4 : (flags & twoByTwo) != 0 ? 8 : 0);
        } while ((flags & more) != 0);
        return (components, at);
    }

    /// <summary>A simple glyph without its instructions.</summary>
    public static int WithoutInstructions(ReadOnlySpan<byte> outline, Span<byte> output)
    {
        var contours = BinaryPrimitives.ReadInt16BigEndian(outline);
        var instructionsAt = 10 + 2 * contours;
        var rest = outline[(instructionsAt + 2 + BinaryPrimitives.ReadUInt16BigEndian(outline[instructionsAt..]))..];
        outline[..instructionsAt].CopyTo(output);
        output.Slice(instructionsAt, 2).Clear();
        rest.CopyTo(output[(instructionsAt + 2)..]);
        return instructionsAt + 2 + rest.Length;
    }
}
