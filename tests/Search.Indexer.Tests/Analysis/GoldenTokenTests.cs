using System.Globalization;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

/// <summary>
/// Pins the full token stream (term, position, position length, offsets, type) of a realistic Dutch text through the
/// index, query and spelling analyzers against files recorded before the analysis chain was optimised
/// (Analysis/Golden). Any change to what the chain emits fails here; if a change is intended, rerun the tests with
/// <c>KENNISBANK_REGENERATE_GOLDEN=1</c> (they then rewrite the files and fail once), review the diff and reindex.
/// </summary>
public sealed class GoldenTokenTests
{
    private const string RegenerateVariable = "KENNISBANK_REGENERATE_GOLDEN";

    private static readonly string Text = File.ReadAllText(GoldenPath("golden-text.txt"));

    [Fact]
    public void Should_emit_the_recorded_index_tokens()
    {
        AssertGolden("golden-index.tsv", Render(DutchAnalyzers.CreateIndexAnalyzer(AnalysisFixture.Resources), Text));
    }

    [Fact]
    public void Should_emit_the_recorded_query_tokens()
    {
        AssertGolden("golden-query.tsv", Render(DutchAnalyzers.CreateQueryAnalyzer(AnalysisFixture.Resources), Text));
    }

    [Fact]
    public void Should_emit_the_recorded_spelling_words()
    {
        AssertGolden("golden-spell.tsv", Render(new WordsAnalyzer(), Text));
    }

    [Fact]
    public void Should_emit_the_same_tokens_when_an_analyzer_is_reused_across_documents()
    {
        using var analyzer = DutchAnalyzers.CreateIndexAnalyzer(AnalysisFixture.Resources);
        var first = Render(analyzer, Text);
        var other = Render(analyzer, "Een ander document over woninginbraken, hennepkwekerijen en de Wet Bibob in Zandkreek.");
        var again = Render(analyzer, Text);
        var reversed = Render(analyzer, string.Join(' ', Text.Split(' ').Reverse()));
        using var fresh = DutchAnalyzers.CreateIndexAnalyzer(AnalysisFixture.Resources);

        Assert.Equal(first, again);
        Assert.Equal(Render(fresh, "Een ander document over woninginbraken, hennepkwekerijen en de Wet Bibob in Zandkreek."), other);
        Assert.Equal(Render(fresh, string.Join(' ', Text.Split(' ').Reverse())), reversed);
        Assert.Equal(File.ReadAllText(GoldenPath("golden-index.tsv")), first);
    }

    private static string Render(Analyzer analyzer, string text)
    {
        var lines = new StringBuilder();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var length = stream.AddAttribute<IPositionLengthAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            lines.Append(CultureInfo.InvariantCulture, $"{term}\t{position}\t{length.PositionLength}\t{offset.StartOffset}\t{offset.EndOffset}\t{type.Type}\n");
        }

        stream.End();
        lines.Append(CultureInfo.InvariantCulture, $"END\t{position + increment.PositionIncrement}\t\t{offset.StartOffset}\t{offset.EndOffset}\t\n");
        return lines.ToString();
    }

    private static void AssertGolden(string file, string actual)
    {
        var path = GoldenPath(file);
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            Assert.Fail($"{file} was rewritten ({RegenerateVariable}=1); review the diff, then run again without it.");
        }

        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var first = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], -1);
            Assert.Fail(first < 0
                ? $"{file}: {actualLines.Length} lines, expected {expectedLines.Length}."
                : $"{file} line {first + 1}: expected '{expectedLines[first]}', got '{actualLines[first]}'.");
        }
    }

    private static string GoldenPath(string file) => RepoFiles.PathOf("tests", "Search.Indexer.Tests", "Analysis", "Golden", file);
}
