using static Search.Indexer.Tests.Analysis.AnalysisFixture;

namespace Search.Indexer.Tests.Analysis;

public sealed class QueryAnalyzerTests
{
    [Fact]
    public void Should_expand_one_word_synonyms_at_the_same_position()
    {
        var tokens = Analyze(QueryAnalyzer, "hennep");

        Assert.Equal(["hennep", "cannabis", "wiet"], tokens.Select(t => t.Term));
        Assert.All(tokens, t => Assert.Equal(0, t.Position));
    }

    [Fact]
    public void Should_not_add_synonyms_at_index_time()
    {
        Assert.Equal(["hennep"], IndexTokens("hennep"));
    }

    [Fact]
    public void Should_turn_a_written_out_concept_into_the_same_token_as_its_acronym()
    {
        Assert.Equal(["x_om"], QueryTokens("Openbaar Ministerie"));
        Assert.Contains("x_om", QueryTokens("OM"));
        Assert.Equal(["x_omg"], QueryTokens("outlaw motorcycle gangs"));
        Assert.Equal(["x_boa"], QueryTokens("buitengewoon opsporingsambtenaar"));
    }

    [Fact]
    public void Should_keep_the_word_of_a_one_word_concept_so_that_it_finds_compound_parts()
    {
        Assert.Equal(["drug", "x_drugs"], QueryTokens("drugs"));
        Assert.Equal(["x_drugs"], QueryTokens("verdovende middelen"));
        Assert.Contains("drug", IndexTokens("drugshandel"));
    }

    [Fact]
    public void Should_not_treat_the_lower_case_stopword_om_as_the_acronym()
    {
        Assert.Empty(QueryTokens("om"));
        Assert.Equal(["x_apv"], QueryTokens("apv").Where(t => t.StartsWith("x_", StringComparison.Ordinal)));
    }
}
