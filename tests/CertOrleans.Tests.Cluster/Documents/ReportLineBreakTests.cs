using System.Globalization;
using CertOrleans.Rendering.Reports;
using UglyToad.PdfPig;

namespace CertOrleans.Tests.Documents;

/// <summary>The council and settlement reports keep Latin words and numbers whole at a line's end; Japanese breaks anywhere.</summary>
public sealed class ReportLineBreakTests
{
    /// <summary>One unit per character, so the expected lines can be counted by hand.</summary>
    private static double PerCharacter(string text) => text.EnumerateRunes().Count();

    [Fact]
    public void Latin_words_and_numbers_move_whole_to_the_next_line_and_no_line_starts_with_a_space()
    {
        Assert.Equal(["intact: 1 link", "up, signed", "through entry", "4213"],
            LineBreaks.Wrap("intact: 1 link up, signed through entry 4213", PerCharacter, 16));
        Assert.Equal(["合計", "1,808,333円"], LineBreaks.Wrap("合計1,808,333円", PerCharacter, 10));
        Assert.Equal(["第4213項まで", "signed", "through"], LineBreaks.Wrap("第4213項まで signed through", PerCharacter, 10));
    }

    [Fact]
    public void Japanese_breaks_between_any_two_characters_and_never_inside_one()
    {
        Assert.Equal(["交付記録", "の検証結", "果"], LineBreaks.Wrap("交付記録の検証結果", PerCharacter, 4));
        Assert.Equal(["𠮷野", "家"], LineBreaks.Wrap("𠮷野家", PerCharacter, 2));
    }

    [Fact]
    public void A_word_longer_than_a_line_is_broken_between_characters()
    {
        Assert.Equal(["https://ve", "rify.examp", "le.test/ve", "rify"], LineBreaks.Wrap("https://verify.example.test/verify", PerCharacter, 10));
        Assert.Equal([""], LineBreaks.Wrap("", PerCharacter, 10));
    }

    [Fact]
    public void A_rendered_reports_lines_each_end_at_a_word_boundary()
    {
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var words = Enumerable.Range(1, 12).SelectMany(i =>
            $"intact: {N(i)} link up, signed through entry {N(4213 + i * 977)}, checkpoint signed with the journal key, witnessed through {N(1_808_333 + i)}.".Split(' ')).ToList();
        byte[] pdf;
        using (var report = new ReportPdf("運用状況報告", "検証"))
        {
            report.Paragraph(string.Join(' ', words));
            pdf = report.Finish();
        }

        // The paragraph's lines as a reader sees them: letters by baseline, top to bottom, spaces left out.
        using var document = PdfDocument.Open(pdf);
        var lines = document.GetPages().SelectMany(page => page.Letters
                .Where(l => !string.IsNullOrWhiteSpace(l.Value))
                .GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
                .OrderByDescending(g => g.Key)
                .Select(g => string.Concat(g.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value))))
            .Where(line => line.All(char.IsAscii)) // not the title, not the page footer (both Japanese)
            .ToList();
        Assert.True(lines.Count > 5, $"the paragraph should take several lines, not {lines.Count}");

        // Each line is a run of whole words, in order, and together they are every word.
        var next = 0;
        foreach (var line in lines)
        {
            var taken = "";
            while (taken.Length < line.Length && next < words.Count) taken += words[next++];
            Assert.True(taken == line, $"line '{line}' does not end at a word boundary (whole words give '{taken}')");
        }
        Assert.Equal(words.Count, next);
    }
}
