using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

public sealed class DutchTextAnalyzerTests
{
    private static readonly DutchTextAnalyzer Analyzer = new();

    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        using var stream = Analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    [Fact]
    public void Should_give_plural_and_singular_the_same_stem()
    {
        Assert.Equal(Tokens("woninginbraken"), Tokens("woninginbraak"));
        Assert.Equal(Tokens("convenanten"), Tokens("convenant"));
    }

    [Fact]
    public void Should_keep_the_acronym_OM_but_drop_the_stopword_om()
    {
        Assert.Equal(["om"], Tokens("OM"));
        Assert.Empty(Tokens("om"));
        Assert.Contains("om", Tokens("het OM besluit om te vervolgen"));
        Assert.Single(Tokens("het OM besluit om te vervolgen"), t => t == "om");
    }

    [Fact]
    public void Should_not_stem_acronyms()
    {
        Assert.Equal(["omg"], Tokens("OMG"));
        Assert.Equal(["riec"], Tokens("RIEC"));
    }

    [Fact]
    public void Should_strip_possessive_apostrophe_s()
    {
        Assert.Equal(Tokens("camera"), Tokens("camera's"));
        Assert.Equal(["omg"], Tokens("OMG's"));
    }

    [Fact]
    public void Should_fold_diacritics()
    {
        Assert.Equal(Tokens("ideeen"), Tokens("ideeën"));
        Assert.Equal(Tokens("geinformeerd"), Tokens("geïnformeerd"));
    }

    [Fact]
    public void Should_apply_stem_overrides_where_porter_goes_wrong()
    {
        Assert.Equal(["arts"], Tokens("arts"));
        Assert.Equal(["arts"], Tokens("artsen"));
        Assert.Equal(["zaak"], Tokens("zaken"));
        Assert.Equal(["boete"], Tokens("boetes"));
        Assert.NotEqual(Tokens("weten"), Tokens("wet"));
    }

    [Fact]
    public void Should_use_the_porter_stemmer_not_kp_which_strips_ge()
    {
        Assert.Equal(["gemeent"], Tokens("gemeente"));
        Assert.Equal(["geweld"], Tokens("geweld"));
    }

    [Fact]
    public void Should_remove_dutch_stopwords()
    {
        Assert.Equal(Tokens("sluiting drugspand"), Tokens("de sluiting van een drugspand"));
    }

    [Fact]
    public void Should_recognise_acronyms_by_shape()
    {
        Assert.True(AcronymKeywordFilter.IsAcronym("APV", 3));
        Assert.False(AcronymKeywordFilter.IsAcronym("E33", 3));
        Assert.False(AcronymKeywordFilter.IsAcronym("Om", 2));
        Assert.False(AcronymKeywordFilter.IsAcronym("WONINGINBRAAK", 13));
    }
}
