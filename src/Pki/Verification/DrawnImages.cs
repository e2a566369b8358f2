using System.Globalization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Pki.Verification;

/// <summary>
/// An image's fingerprint as a page draws it, in the form its signed content names: with its colour space, palette,
/// decoding and soft mask (<see cref="SignedContent.DrawnImagePrefix"/>, every certificate issued now), or, for a
/// certificate issued before, its size and bytes alone (<see cref="SignedContent.BytesImagePrefix"/>).
/// </summary>
internal sealed class DrawnImages(PdfDocument document)
{
    /// <summary>The entries an image of ours has. Any other (a colour-key /Mask, /ImageMask, /Matte …) changes what is drawn and the renderer writes none.</summary>
    private static readonly HashSet<string> KnownEntries =
        ["Type", "Subtype", "Width", "Height", "BitsPerComponent", "ColorSpace", "Filter", "DecodeParms", "Decode", "SMask", "Interpolate", "Length"];

    private static readonly string[] Parameters = ["Predictor", "Colors", "BitsPerComponent", "Columns"];

    /// <summary>The fingerprint of <paramref name="image"/> in the form of <paramref name="signed"/>; one that cannot match when the image is not drawn as ours are.</summary>
    public string Fingerprint(IPdfImage image, string signed)
    {
        var decoding = Decoding(image);
        var maskDecoding = image.MaskImage is { } soft ? Decoding(soft) : null;
        if (decoding is null || (image.MaskImage is not null && maskDecoding is null)) return "an image not drawn as a certificate draws one";
        // The older form covers no decoding: a decode array (a negative, say) is refused outright, as the renderer never wrote one.
        var maskBytes = image.MaskImage is { } mask ? mask.RawMemory.Span : default;
        if (signed.StartsWith(SignedContent.DrawnImagePrefix, StringComparison.Ordinal))
            return SignedContent.ImageFingerprint(decoding, image.RawMemory.Span, maskDecoding, maskBytes);
        // The older form covers no decoding: a decode array (a negative, say) is refused outright, as the renderer never wrote one.
        if (decoding.Decode.Length > 0 || maskDecoding?.Decode.Length > 0) return "an image drawn with a decode array";
        return SignedContent.ImageFingerprint(image.WidthInSamples, image.HeightInSamples, image.BitsPerComponent, image.RawMemory.Span, maskBytes);
    }

    /// <summary>How the image dictionary says its bytes are drawn; null for entries a certificate's images never have.</summary>
    private ImageDecoding? Decoding(IPdfImage image)
    {
        var dictionary = image.ImageDictionary;
        if (dictionary.Data.Keys.Any(k => !KnownEntries.Contains(k))) return null;
        var (colorSpace, palette) = document.Resolve(dictionary, "ColorSpace") switch
        {
            NameToken name => (name.Data, []),
            ArrayToken { Data: [NameToken { Data: "Indexed" }, NameToken @base, NumericToken highest, var lookup] } when Palette(lookup, highest.Int) is { } colors
                => ("Indexed/" + @base.Data, colors),
            _ => ("?", Array.Empty<byte>()),
        };
        var filter = document.Resolve(dictionary, "Filter") switch
        {
            null => "",
            NameToken name => name.Data,
            ArrayToken array => string.Join(",", array.Data.Select(t => (document.Resolve(t) as NameToken)?.Data ?? "?")),
            _ => "?",
        };
        var parameters = document.Resolve(dictionary, "DecodeParms") switch
        {
            null => "",
            DictionaryToken parms when parms.Data.Keys.All(Parameters.Contains) => string.Join(",", Parameters.Select(p => Number(parms, p))),
            _ => "?",
        };
        var decode = document.Resolve(dictionary, "Decode") switch
        {
            null => "",
            ArrayToken array => string.Join(",", array.Data.Select(t => document.Resolve(t) is NumericToken n ? n.Double.ToString("R", CultureInfo.InvariantCulture) : "?")),
            _ => "?",
        };
        return new ImageDecoding(image.WidthInSamples, image.HeightInSamples, document.Resolve(dictionary, "BitsPerComponent") is NumericToken bits ? bits.Int : -1,
            colorSpace, palette, filter, parameters, decode);
    }

    /// <summary>An indexed colour space's palette, written in the array as the renderer writes it, three bytes for each of its colours.</summary>
    private byte[]? Palette(IToken lookup, int highest)
    {
        var bytes = document.Resolve(lookup) switch
        {
            HexToken hex => hex.Bytes.ToArray(),
            StringToken text => text.GetBytes(),
            _ => null,
        };
        return bytes is not null && bytes.Length == 3 * (highest + 1) ? bytes : null;
    }

    private string Number(DictionaryToken dictionary, string key) =>
        document.Resolve(dictionary, key) is NumericToken n ? n.Int.ToString(CultureInfo.InvariantCulture) : "";
}
