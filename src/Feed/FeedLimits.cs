using System.Text;

namespace CertOrleans.Feed;

/// <summary>
/// Bounds on what one feed stream may hold: a line longer than <see cref="MaxLineChars"/> is rejected without
/// ever being held whole, and a stream longer than <see cref="MaxLines"/> lines is cut there, the cut reported.
/// </summary>
public sealed record FeedLimits(int MaxLineChars = FeedLimits.DefaultMaxLineChars, long MaxLines = long.MaxValue)
{
    /// <summary>A resident line with its seal impression is tens of kilobytes; a megabyte is far beyond any.</summary>
    public const int DefaultMaxLineChars = 1 << 20;

    public static readonly FeedLimits Default = new();
}

/// <summary>Splits a stream into lines (ending in \n or \r\n) under <see cref="FeedLimits"/>.</summary>
internal static class BoundedLines
{
    public static async IAsyncEnumerable<(int Number, string? Text, string? Error)> ReadAsync(
        TextReader reader, FeedLimits limits, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new char[16 * 1024];
        var line = new LineBuffer(limits.MaxLineChars);
        var number = 0;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = Array.IndexOf(buffer, '\n', 0, read); i >= 0; i = Array.IndexOf(buffer, '\n', start, read - start))
            {
                line.Append(buffer.AsSpan(start, i - start));
                start = i + 1;
                if (++number > limits.MaxLines)
                {
                    yield return (number, null, $"the stream has more than {limits.MaxLines} lines; the rest was not read (split it)");
                    yield break;
                }
                yield return line.Take(number);
            }
            line.Append(buffer.AsSpan(start, read - start));
        }
        if (!line.IsEmpty && ++number <= limits.MaxLines) yield return line.Take(number);
    }

    private sealed class LineBuffer(int maxChars)
    {
        private readonly StringBuilder text = new();
        private bool tooLong;

        public bool IsEmpty => text.Length == 0 && !tooLong;

        public void Append(ReadOnlySpan<char> chars)
        {
            if (tooLong) return;
            if (text.Length + chars.Length > maxChars)
            {
                tooLong = true;
                text.Clear();
            }
            else text.Append(chars);
        }

        public (int Number, string? Text, string? Error) Take(int number)
        {
            var result = tooLong
                ? (number, (string?)null, (string?)$"line longer than {maxChars} characters")
                : (number, text.Length > 0 && text[^1] == '\r' ? text.ToString(0, text.Length - 1) : text.ToString(), null);
            text.Clear();
            tooLong = false;
            return result;
        }
    }
}
