using System.Diagnostics;
using System.IO.Compression;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace CertOrleans.Pki.Verification;

/// <summary>A PDF beyond what the check will read; <see cref="Limit"/> names which bound (never anything inside the file).</summary>
public sealed class PdfLimitExceededException(string limit, string message) : Exception(message)
{
    public string Limit { get; } = limit;
}

/// <summary>
/// How much of a PDF the public check will read. Anyone can upload one, so before any page is read every
/// stream is inflated once into a counter (a zip bomb stops at <see cref="MaxDecodedBytes"/>), the work of
/// drawing the pages is counted through every form they draw (<see cref="DrawingWork"/>), and the whole read has
/// a time budget. A certificate we issue is one to a few pages, under a hundred objects, a few hundred kilobytes
/// decoded, read in milliseconds; each page draws its background as 97 forms two deep, about 6,500 operators.
/// </summary>
public sealed record PdfLimits(int MaxPages = 20, int MaxObjects = 2_000, long MaxDecodedBytes = 16L * 1024 * 1024, double MaxSeconds = 5,
    int MaxFormDepth = 3, long MaxFormDraws = 2_500, long MaxOperators = 400_000, long MaxTextBytes = 200_000, long MaxImagePixels = 40_000_000)
{
    public static readonly PdfLimits Default = new();

    // Filters a certificate of ours may carry; anything else would need a decoder the check does not bound.
    private static readonly HashSet<string> BoundedFilters = ["FlateDecode", "DCTDecode"];

    /// <summary>Throws <see cref="PdfLimitExceededException"/> unless the document stays within every bound.</summary>
    /// <returns>Every stream as its filters leave it, read once within the bounds (the font programs are read from these).</returns>
    public IReadOnlyDictionary<IndirectReference, byte[]> Check(PdfDocument document, Stopwatch clock)
    {
        if (document.NumberOfPages > MaxPages) throw new PdfLimitExceededException("pages", $"The PDF has more than {MaxPages} pages.");
        var objects = document.Structure.CrossReferenceTable.ObjectOffsets;
        if (objects.Count > MaxObjects) throw new PdfLimitExceededException("objects", $"The PDF has more than {MaxObjects} objects.");
        var decoded = 0L;
        var contents = new Dictionary<IndirectReference, byte[]>();
        var pages = new List<DictionaryToken>();
        foreach (var reference in objects.Keys)
        {
            CheckTime(clock);
            switch (document.Structure.GetObject(reference).Data)
            {
                case StreamToken stream:
                    // Kept whatever the stream claims to be: the counted decoding is bounded as a whole.
                    contents[reference] = Decoded(stream, MaxDecodedBytes - decoded);
                    decoded += contents[reference].Length;
                    break;
                case DictionaryToken dictionary when dictionary.TryGet(NameToken.Type, out var type) && type is NameToken { Data: "Page" }:
                    pages.Add(dictionary);
                    break;
            }
        }
        new DrawingWork(document, contents, this, clock).Check(pages);
        return contents;
    }

    public void CheckTime(Stopwatch clock)
    {
        if (clock.Elapsed.TotalSeconds > MaxSeconds) throw new PdfLimitExceededException("time", $"Reading the PDF took more than {MaxSeconds} seconds.");
    }

    /// <summary>A stream's bytes as its filters leave them (JPEG data stays as it is), within <paramref name="budget"/>.</summary>
    private byte[] Decoded(StreamToken stream, long budget)
    {
        var filters = stream.StreamDictionary.TryGet(NameToken.Filter, out var filter)
            ? filter switch
            {
                NameToken name => [name.Data],
                ArrayToken array => array.Data.OfType<NameToken>().Select(n => n.Data).ToList(),
                _ => ["?"],
            }
            : new List<string>();
        if (filters.Any(f => !BoundedFilters.Contains(f))) throw new PdfLimitExceededException("filters", "The PDF uses a stream filter the check does not read.");
        if (filters.Count == 0 || filters[0] != "FlateDecode")
        {
            if (filters.Count == 0) FontMapRanges.Check(stream.Data.Span);
            Count(stream.Data.Length, budget);
            return stream.Data.ToArray();
        }
        using var inflater = new ZLibStream(new MemoryStream(stream.Data.ToArray()), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                Count(decoded.Length + read, budget);
                decoded.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            // A damaged stream is the reader's to report; what was inflated so far counts.
        }
        FontMapRanges.Check(decoded.GetBuffer().AsSpan(0, (int)decoded.Length));
        return decoded.ToArray();
    }

    private long Count(long bytes, long budget) => bytes <= budget ? bytes
        : throw new PdfLimitExceededException("decoded-size", $"The PDF's streams decode to more than {MaxDecodedBytes / (1024 * 1024)} MiB.");
}
