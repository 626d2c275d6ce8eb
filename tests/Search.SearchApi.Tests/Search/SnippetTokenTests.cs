using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>The snippet analyzer must see exactly the tokens the index analyzer made, or marks would go missing or stray.</summary>
public sealed class SnippetAnalyzerTests
{
    private static readonly Analyzer Index = DutchAnalyzers.CreateIndexAnalyzer(AnalysisResources.Default);
    private static readonly Analyzer Snippets = SnippetAnalyzer.For(AnalysisResources.Default);

    public static TheoryData<string> Texts => new()
    {
        "Het Openbaar Ministerie (OM) en de politie pakken woninginbraken aan; om 10 uur begint het overleg.",
        "De burgemeester's besluit: sluiting van het pand na fietsdiefstal, hennepteelt en drugsoverlast in de buurt.",
        "Huisjes, boompjes en mannetjes: verkleinwoorden in de APV van de gemeente. RIEC-analyse van het ondermijningsbeeld!",
        "Een outlaw motorcycle gang (OMG) en de Wet Bibob; een- en tweegezinswoningen; café's en één coöperatie.",
        "de het een en of van in op te voor met aan als bij om door over uit tot naar",
        "",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Should_give_the_index_analyzers_tokens_for_hand_picked_texts(string text)
    {
        Assert.Equal(Tokens(Index, text), Tokens(Snippets, text));
        Assert.Equal(Tokens(Index, text), Tokens(Snippets, text)); // the second time from memory
    }

    [Fact]
    public void Should_cover_concept_phrases_acronyms_and_compound_parts()
    {
        var tokens = Tokens(Snippets, "Het Openbaar Ministerie (OM) pakt woninginbraken aan.");

        Assert.Contains(("x_om", 0, 4, 23), tokens); // the form "Openbaar Ministerie", on the position of its first word
        Assert.Contains(("x_om", 0, 25, 27), tokens); // the acronym
        Assert.Contains(("inbrak", 0, 34, 48), tokens); // a part of the compound, with the compound's offsets
    }

    [Fact]
    public void Should_give_the_index_analyzers_tokens_for_every_sample_document()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "samples"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".html" or ".md" or ".txt").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.True(Tokens(Index, text).SequenceEqual(Tokens(Snippets, text)), file);
        }
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Search.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Search.sln not found above " + AppContext.BaseDirectory);
    }
}
