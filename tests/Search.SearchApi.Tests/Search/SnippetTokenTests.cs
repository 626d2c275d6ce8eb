using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.SearchApi.Tests.Search;

/// <summary>Snippets analyse a hit with the index analyzer itself: concept phrases, acronyms and compound parts carry the offsets the marks need.</summary>
public sealed class SnippetTokenTests
{
    private static readonly Analyzer Index = DutchAnalyzers.CreateIndexAnalyzer(AnalysisResources.Default);

    [Fact]
    public void Should_cover_concept_phrases_acronyms_and_compound_parts()
    {
        var tokens = Tokens(Index, "Het Openbaar Ministerie (OM) pakt woninginbraken aan.");

        Assert.Contains(("x_om", 0, 4, 23), tokens); // the form "Openbaar Ministerie", on the position of its first word
        Assert.Contains(("x_om", 0, 25, 27), tokens); // the acronym
        Assert.Contains(("inbrak", 0, 34, 48), tokens); // a part of the compound, with the compound's offsets
    }

    private static List<(string Term, int Increment, int Start, int End)> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<(string, int, int, int)>();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add((term.ToString(), increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
        }

        stream.End();
        return tokens;
    }
}
