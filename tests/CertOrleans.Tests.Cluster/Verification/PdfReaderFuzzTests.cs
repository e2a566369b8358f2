using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Pki.Verification;
using CsCheck;
using Xunit.Abstractions;
using CertOrleans.Tests.Support.Fuzz;

namespace CertOrleans.Tests.Verification;

/// <summary>
/// Anyone can upload a PDF to the verification page: the reader returns a reading or throws InvalidDataException,
/// nothing else, and never hangs. A failing input is not shrunk (a PDF is large, a hang slow); it is saved, to
/// be kept in Fuzz/Corpus/pdf-reader/ as a *.bin regression seed, and the test fails naming it.
/// </summary>
public sealed class PdfReaderFuzzTests(ITestOutputHelper output)
{
    private const string Parser = "pdf-reader";

    /// <summary>
    /// How long one read may take. The fixture reads in a fraction of a second, but the suite's classes run in
    /// parallel on 2 cores, often beside a build: a damaged PDF read in 3 s there. A hang never answers at all.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>The version-1 fixture certificate (kept in Documents/Fixtures, read in place).</summary>
    private static readonly byte[] Fixture = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Documents", "Fixtures", "v1-seal-certificate.pdf"));

    [Fact]
    public async Task Any_bytes_give_a_reading_or_InvalidDataException_in_bounded_time()
    {
        // A version-2 certificate as the renderer makes it today: its signed content and placed items are read too.
        var current = (await TestCertificates.RenderAsync(CertificateType.ResidentRecordCopy, TestResidents.Make(5, "8"))).Pdf;
        byte[][] seeds = [Fixture, current];
        var maps = seeds.Select(Map).ToArray();
        Gen<int> Any(int[] offsets) => Gen.Int[0, offsets.Length - 1].Select(k => offsets[k]);
        var inputs = Gen.Int[0, seeds.Length - 1].SelectMany(i => Gen.Frequency(
            (2, Gen.Int[0, seeds[i].Length - 1].Select(n => seeds[i][..n])),
            (4, FuzzMutations.Flipped(seeds[i], Any(maps[i].Structure), maxFlips: 4)),
            (3, FuzzMutations.Mutated(seeds[i], maxEdits: 3, Any(maps[i].Structure))),
            // Anywhere, font maps included (a damaged map once hung the reader: Fuzz/Corpus/pdf-reader/known-hangs/).
            (2, FuzzMutations.Flipped(seeds[i], Gen.Int[0, seeds[i].Length - 1], maxFlips: 6)),
            (1, FuzzMutations.AnyBytes)));
        var failures = new ConcurrentBag<string>();
        var times = new ConcurrentBag<long>();
        FuzzCorpus.Run(output, "PdfCertificateReader.Read", [.. seeds, .. FuzzCorpus.Binaries(Parser)], inputs, pdf =>
        {
            var started = Stopwatch.GetTimestamp();
            if (ReadWithin(pdf, Bound) is { } failure) failures.Add($"{failure}: saved as {Save(pdf)}");
            times.Add((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }, iterations: 300, failures: () => failures.Count);
        var sorted = times.Order().ToList();
        output.WriteLine($"PdfCertificateReader.Read: median {sorted[sorted.Count / 2]} ms, slowest {sorted[^1]} ms");
        Assert.True(failures.IsEmpty, string.Join('\n', failures));
    }

    [Fact]
    public void Known_hangs_are_answered_in_bounded_time()
    {
        var hangs = Directory.EnumerateFiles(Path.Combine(FuzzCorpus.Folder(Parser), "known-hangs"), "*.bin").Order(StringComparer.Ordinal).ToList();
        foreach (var path in hangs) Assert.Null(ReadWithin(File.ReadAllBytes(path), Bound));
        output.WriteLine($"PdfCertificateReader.Read known hangs: {hangs.Count} inputs, 0 failures");
    }

    /// <summary>Null when the bytes read or are refused with InvalidDataException in time; else what happened.</summary>
    private static string? ReadWithin(byte[] pdf, TimeSpan bound)
    {
        var read = Task.Factory.StartNew(() =>
        {
            try
            {
                PdfCertificateReader.Read(pdf);
                return null;
            }
            catch (Exception e) when (e is InvalidDataException or PdfLimitExceededException)
            {
                return null;
            }
            catch (Exception e)
            {
                return $"{e.GetType().Name} escaped";
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A hung read cannot be stopped; it is left running and the test fails.
        return read.Wait(bound) ? read.Result : $"no answer within {bound.TotalSeconds} s";
    }

    private static string Save(byte[] pdf)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "certorleans-fuzz", Parser)).FullName;
        var path = Path.Combine(folder, $"{Convert.ToHexStringLower(SHA256.HashData(pdf))[..16]}.bin");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>
    /// Offsets of a PDF: those outside any stream's data (objects, dictionaries, the xref table and trailer), and
    /// those outside a CMap's stream (damage inside one can hang the reader: the known hang above).
    /// </summary>
    private static (int[] Structure, int[] NotCMaps) Map(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var stream = new bool[pdf.Length];
        var cmap = new bool[pdf.Length];
        for (var at = text.IndexOf("stream\n", StringComparison.Ordinal); at >= 0; at = text.IndexOf("stream\n", at + 1, StringComparison.Ordinal))
        {
            if (at >= 3 && text.AsSpan(at - 3, 3).SequenceEqual("end")) continue;
            var end = text.IndexOf("endstream", at, StringComparison.Ordinal);
            if (end < 0) break;
            Array.Fill(stream, true, at + 7, end - at - 7);
            if (IsCMap(pdf.AsSpan(at + 7, end - at - 7))) Array.Fill(cmap, true, at + 7, end - at - 7);
            at = end;
        }
        return (Enumerable.Range(0, pdf.Length).Where(i => !stream[i]).ToArray(), Enumerable.Range(0, pdf.Length).Where(i => !cmap[i]).ToArray());
    }

    private static bool IsCMap(ReadOnlySpan<byte> data)
    {
        if (Encoding.Latin1.GetString(data).Contains("begincmap", StringComparison.Ordinal)) return true;
        try
        {
            using var inflated = new ZLibStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
            using var reader = new StreamReader(inflated, Encoding.Latin1);
            var head = new char[1024];
            return new string(head, 0, reader.ReadBlock(head)).Contains("begincmap", StringComparison.Ordinal);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
