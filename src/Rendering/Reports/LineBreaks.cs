using System.Text;

namespace CertOrleans.Rendering.Reports;

/// <summary>
/// Breaks a report's text into lines: Japanese between any two characters (it has no word spaces), Latin words and
/// numbers only at spaces, so "signed through" never comes out as "signed throu / gh". A word wider than a whole line
/// is still broken between characters: nothing else would fit it.
/// </summary>
public static class LineBreaks
{
    /// <param name="measure">The width a string takes in the font it will be drawn in.</param>
    public static IReadOnlyList<string> Wrap(string text, Func<string, double> measure, double width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        bool Fits(string piece) => measure(line + piece) <= width;
        void Break()
        {
            lines.Add(line.ToString().TrimEnd());
            line.Clear();
        }

        foreach (var (piece, kind) in Pieces(text))
        {
            if (kind == Kind.Space)
            {
                // A space where a line breaks is dropped, so no line starts with one.
                if (line.Length == 0 && lines.Count > 0) continue;
                if (Fits(piece)) line.Append(piece);
                else Break();
                continue;
            }
            if (Fits(piece))
            {
                line.Append(piece);
                continue;
            }
            if (line.ToString().Trim().Length > 0 && measure(piece) <= width)
            {
                Break();
                line.Append(piece);
                continue;
            }
            // Wider than a line: by character (never inside a surrogate pair).
            foreach (var rune in piece.EnumerateRunes())
            {
                if (line.Length > 0 && !Fits(rune.ToString())) Break();
                line.Append(rune.ToString());
            }
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString().TrimEnd());
        return lines;
    }

    private enum Kind { Space, Word, Japanese }

    /// <summary>The text as runs of spaces, whole words (Latin letters, digits and the punctuation between them), and single Japanese characters.</summary>
    private static IEnumerable<(string Piece, Kind Kind)> Pieces(string text)
    {
        var run = new StringBuilder();
        var runKind = Kind.Word;
        foreach (var rune in text.EnumerateRunes())
        {
            var kind = Rune.IsWhiteSpace(rune) ? Kind.Space : IsJapanese(rune) ? Kind.Japanese : Kind.Word;
            if (run.Length > 0 && (kind != runKind || kind == Kind.Japanese))
            {
                yield return (run.ToString(), runKind);
                run.Clear();
            }
            run.Append(rune.ToString());
            runKind = kind;
        }
        if (run.Length > 0) yield return (run.ToString(), runKind);
    }

    /// <summary>From the CJK radicals on: kana, kanji, Japanese punctuation, full-width forms and the supplementary planes' kanji.</summary>
    private static bool IsJapanese(Rune rune) => rune.Value >= 0x2E80;
}
