using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;

namespace CertOrleans.Tests.Support.Fuzz;

/// <summary>
/// The seed corpus kept in Fuzz/Corpus/&lt;parser&gt;/ and the runner every fuzz test shares. Valid seeds are
/// <c>*.jsonl</c> / <c>*.txt</c> lines or PEM files; inputs that once broke a parser are <c>*.escaped</c> files
/// (one input, written with <see cref="Escape"/> so NULs and lone surrogates survive a UTF-8 file) or <c>*.bin</c>.
/// </summary>
public static class FuzzCorpus
{
    /// <summary>
    /// CERTORLEANS_FUZZ_SCALE=20 runs twenty times the generated inputs, for a longer hunt than the suite's budget
    /// (about 40 s for all fuzz tests on 2 cores) allows.
    /// </summary>
    public static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("CERTORLEANS_FUZZ_SCALE"), out var scale) && scale > 0 ? scale : 1;

    public static string Folder(string parser) => Path.Combine(AppContext.BaseDirectory, "Fuzz", "Corpus", parser);

    /// <summary>Every non-blank line of the parser's <c>*.jsonl</c> and <c>*.txt</c> seed files.</summary>
    public static IReadOnlyList<string> Lines(string parser) =>
        Directory.EnumerateFiles(Folder(parser)).Where(f => f.EndsWith(".jsonl", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).SelectMany(File.ReadLines).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();

    /// <summary>The regression inputs kept as <c>*.escaped</c> files, unescaped.</summary>
    public static IReadOnlyList<string> Regressions(string parser) =>
        Directory.EnumerateFiles(Folder(parser), "*.escaped").Order(StringComparer.Ordinal)
            .Select(f => Unescape(File.ReadAllText(f).TrimEnd('\n'))).ToList();

    /// <summary>The regression inputs kept as raw <c>*.bin</c> files.</summary>
    public static IReadOnlyList<byte[]> Binaries(string parser) =>
        Directory.Exists(Folder(parser))
            ? Directory.EnumerateFiles(Folder(parser), "*.bin").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList()
            : [];

    /// <summary>Printable ASCII and letters as they are; backslash, controls, surrogates and other specials as \uXXXX.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\\') builder.Append(@"\\");
            else if (c is < ' ' or '\u007f' || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
                     or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.OtherNotAssigned)
                builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    public static string Unescape(string escaped) => Regex.Unescape(escaped);

    /// <summary>Files of up to eight lines from <paramref name="lines"/> and blank ones, ended by LF, CR LF, a lone CR or (the last) nothing.</summary>
    public static Gen<string> Files(Gen<string> lines) =>
        Gen.Select(Gen.Frequency((4, lines), (1, Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("\t"), Gen.Const("\u3000")))).Array[0, 8],
            Gen.OneOf(Gen.Const("\n"), Gen.Const("\r\n"), Gen.Const("\r")).Array[8], Gen.Bool,
            (chosen, ends, last) => string.Concat(chosen.Select((line, i) => i < chosen.Length - 1 || last ? line + ends[i] : line)));

    /// <summary>The lines of a JSON Lines text as the feed reads them: ended by LF (one CR before it dropped); a last line needs no end.</summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var pieces = text.Split('\n').ToList();
        if (pieces[^1].Length == 0) pieces.RemoveAt(pieces.Count - 1); // the text ended with its last line's LF, or was empty
        return pieces.Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
    }

    /// <summary>
    /// Runs <paramref name="property"/> on every corpus input, then on <paramref name="iterations"/> generated ones
    /// (CsCheck shrinks a failure and reports its seed and input), and prints how many inputs ran.
    /// </summary>
    public static void Run<T>(ITestOutputHelper output, string name, IEnumerable<T> corpus, Gen<T> gen, Action<T> property, long iterations,
        Func<T, string>? print = null, int threads = -1, Func<int>? failures = null)
    {
        long count = 0;
        foreach (var input in corpus)
        {
            try
            {
                property(input);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{name}: corpus input failed: {(print is null ? input?.ToString() : print(input))}", e);
            }
            count++;
        }
        var seeds = count;
        gen.Sample(input =>
        {
            property(input);
            Interlocked.Increment(ref count);
        }, iter: iterations * Scale, threads: threads, print: print);
        // A property that collects its failures instead of throwing (so that they are not shrunk) says how many.
        output.WriteLine($"{name}: {count} inputs ({seeds} from the corpus), {failures?.Invoke() ?? 0} failures");
    }

    /// <summary>Runs the same, for properties that need to await.</summary>
    public static async Task RunAsync<T>(ITestOutputHelper output, string name, IEnumerable<T> corpus, Gen<T> gen, Func<T, Task> property, long iterations,
        Func<T, string>? print = null, int threads = -1)
    {
        long count = 0;
        foreach (var input in corpus)
        {
            try
            {
                await property(input);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{name}: corpus input failed: {(print is null ? input?.ToString() : print(input))}", e);
            }
            count++;
        }
        var seeds = count;
        await gen.SampleAsync(async input =>
        {
            await property(input);
            Interlocked.Increment(ref count);
        }, iter: iterations * Scale, threads: threads, print: print);
        output.WriteLine($"{name}: {count} inputs ({seeds} from the corpus), 0 failures");
    }
}
