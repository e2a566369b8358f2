using System.Diagnostics;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace CertOrleans.Pki.Verification;

/// <summary>
/// The work of drawing a PDF's pages, counted before the PDF library draws any of them. A form XObject is drawn
/// again each time a page or another form invokes it, so forms that draw forms multiply: a 2 KB file of ten forms
/// nesting five deep asks for 100,000 drawings. Each content stream's operators, text and images are counted once,
/// then each page is summed through the forms it draws, and the read stops at the first bound it passes. A
/// certificate of ours draws 97 forms a page, two deep (its background: one form placing 96 waves).
/// </summary>
internal sealed class DrawingWork(PdfDocument document, IReadOnlyDictionary<IndirectReference, byte[]> contents, PdfLimits limits, Stopwatch clock)
{
    private static readonly NameToken Resources = NameToken.Create("Resources"), XObject = NameToken.Create("XObject"),
        Font = NameToken.Create("Font"), Subtype = NameToken.Create("Subtype"), Width = NameToken.Create("Width"),
        Height = NameToken.Create("Height"), Contents = NameToken.Create("Contents"), Parent = NameToken.Create("Parent");

    /// <summary>What drawing one content stream costs, forms included.</summary>
    private readonly record struct Cost(long Operators, long TextBytes, long Pixels, long Forms)
    {
        public static Cost operator +(Cost a, Cost b) => new(a.Operators + b.Operators, a.TextBytes + b.TextBytes, a.Pixels + b.Pixels, a.Forms + b.Forms);
    }

    // A form with no resources of its own draws with its caller's, so its cost is kept per caller's resources.
    private readonly Dictionary<(IndirectReference Form, DictionaryToken? Inherited), Cost> forms = [];
    private readonly HashSet<IndirectReference> drawing = [];

    /// <param name="pages">Every page dictionary in the file.</param>
    public void Check(IEnumerable<DictionaryToken> pages)
    {
        var total = default(Cost);
        foreach (var page in pages)
        {
            var resources = PageResources(page);
            foreach (var content in ContentStreams(page)) total = Within(total + Draw(content, resources, depth: 0));
        }
    }

    private Cost Draw(IndirectReference content, DictionaryToken? resources, int depth)
    {
        limits.CheckTime(clock);
        RefuseType3(resources);
        if (!contents.TryGetValue(content, out var bytes)) return default;
        var cost = default(Cost);
        var scanner = new CoreTokenScanner(new MemoryInputBytes(bytes), true, new StackDepthGuard(64));
        IToken? previous = null;
        while (scanner.MoveNext())
        {
            var token = scanner.CurrentToken;
            switch (token)
            {
                case OperatorToken { Data: "BI" }:
                    // Inline image data is binary the tokenizer cannot step over; a certificate of ours has none.
                    throw new PdfLimitExceededException("inline-images", "The PDF draws an inline image, which the check does not read.");
                case OperatorToken { Data: "Do" } when previous is NameToken name:
                    cost = Within(cost + new Cost(1, 0, 0, 0) + DrawXObject(name, resources, depth));
                    break;
                case OperatorToken:
                    cost = Within(cost + new Cost(1, 0, 0, 0));
                    break;
                case StringToken text:
                    cost = Within(cost + new Cost(0, text.Data.Length, 0, 0));
                    break;
                case HexToken text:
                    cost = Within(cost + new Cost(0, text.Data.Length, 0, 0));
                    break;
            }
            previous = token;
        }
        return cost;
    }

    private Cost DrawXObject(NameToken name, DictionaryToken? resources, int depth)
    {
        if (document.Resolve(resources, XObject) is not DictionaryToken xobjects || !xobjects.TryGet(name, out var entry)
            || entry is not IndirectReferenceToken { Data: var reference }
            || document.Structure.GetObject(reference).Data is not StreamToken stream) return default;
        var kind = (document.Resolve(stream.StreamDictionary, Subtype) as NameToken)?.Data;
        if (kind == "Image")
            return new Cost(0, 0, Number(stream.StreamDictionary, Width) * Number(stream.StreamDictionary, Height), 0);
        if (kind != "Form") return default;
        if (depth + 1 > limits.MaxFormDepth) throw new PdfLimitExceededException("form-depth", $"The PDF nests forms more than {limits.MaxFormDepth} deep.");
        var own = document.Resolve(stream.StreamDictionary, Resources) as DictionaryToken;
        var key = (reference, own is null ? resources : null);
        if (!forms.TryGetValue(key, out var cost))
        {
            if (!drawing.Add(reference)) throw new PdfLimitExceededException("form-cycle", "The PDF has a form that draws itself.");
            cost = Draw(reference, own ?? resources, depth + 1);
            drawing.Remove(reference);
            forms[key] = cost;
        }
        return cost + new Cost(0, 0, 0, 1);
    }

    private Cost Within(Cost cost)
    {
        if (cost.Forms > limits.MaxFormDraws) throw new PdfLimitExceededException("form-draws", $"The PDF draws forms more than {limits.MaxFormDraws} times.");
        if (cost.Operators > limits.MaxOperators) throw new PdfLimitExceededException("operators", $"Drawing the PDF takes more than {limits.MaxOperators} operators.");
        if (cost.TextBytes > limits.MaxTextBytes) throw new PdfLimitExceededException("text", $"The PDF draws more than {limits.MaxTextBytes} bytes of text.");
        if (cost.Pixels > limits.MaxImagePixels) throw new PdfLimitExceededException("pixels", $"The PDF draws more than {limits.MaxImagePixels} image pixels.");
        return cost;
    }

    /// <summary>A Type 3 font draws each glyph with a content stream of its own; a certificate of ours uses none.</summary>
    private void RefuseType3(DictionaryToken? resources)
    {
        if (document.Resolve(resources, Font) is not DictionaryToken fonts) return;
        foreach (var font in fonts.Data.Values)
        {
            if (document.Resolve(font) is DictionaryToken dictionary && document.Resolve(dictionary, Subtype) is NameToken { Data: "Type3" })
                throw new PdfLimitExceededException("fonts", "The PDF uses a Type 3 font, which the check does not read.");
        }
    }

    /// <summary>A page's resources, its own or the nearest ancestor's (inherited), at most a few levels up.</summary>
    private DictionaryToken? PageResources(DictionaryToken page)
    {
        for (var (node, level) = (page, 0); node is not null && level < 32; level++)
        {
            if (document.Resolve(node, Resources) is DictionaryToken resources) return resources;
            node = document.Resolve(node, Parent) as DictionaryToken;
        }
        return null;
    }

    /// <summary>A page's content: one stream, or an array of them (itself perhaps indirect).</summary>
    private IEnumerable<IndirectReference> ContentStreams(DictionaryToken page)
    {
        if (!page.TryGet(Contents, out var value)) return [];
        if (value is IndirectReferenceToken one && document.Resolve(one) is StreamToken) return [one.Data];
        return document.Resolve(value) is ArrayToken many ? many.Data.OfType<IndirectReferenceToken>().Select(r => r.Data) : [];
    }

    private long Number(DictionaryToken dictionary, NameToken key) =>
        document.Resolve(dictionary, key) is NumericToken { Int: > 0 and var value } ? value : 0;
}
