using Search.Indexer.Analysis;
using static Search.Indexer.Tests.Analysis.AnalysisFixture;

namespace Search.Indexer.Tests.Analysis;

public sealed class DutchTextAnalyzerTests
{
    [Fact]
    public void Should_give_plural_and_singular_the_same_stem()
    {
        Assert.Equal(IndexTokens("woninginbraken"), IndexTokens("woninginbraak"));
        Assert.Equal(IndexTokens("convenanten"), IndexTokens("convenant"));
        Assert.Equal(IndexTokens("overval"), IndexTokens("overvallen"));
    }

    [Fact]
    public void Should_keep_the_acronym_OM_but_drop_the_stopword_om()
    {
        Assert.Equal(["om", "x_om"], IndexTokens("OM"));
        Assert.Empty(IndexTokens("om"));
        var tokens = IndexTokens("het OM besluit om te vervolgen");
        Assert.Single(tokens, t => t == "om");
        Assert.Single(tokens, t => t == "x_om");
    }

    [Fact]
    public void Should_not_stem_acronyms()
    {
        Assert.Contains("omg", IndexTokens("OMG"));
        Assert.Contains("riec", IndexTokens("RIEC"));
        Assert.Equal(["wodc"], IndexTokens("WODC"));
    }

    [Fact]
    public void Should_strip_possessive_apostrophe_s()
    {
        Assert.Equal(IndexTokens("camera"), IndexTokens("camera's"));
        Assert.Equal(["omg", "x_omg"], IndexTokens("OMG's"));
    }

    [Fact]
    public void Should_fold_diacritics()
    {
        Assert.Equal(IndexTokens("ideeen"), IndexTokens("ideeën"));
        Assert.Equal(IndexTokens("geinformeerd"), IndexTokens("geïnformeerd"));
    }

    [Fact]
    public void Should_apply_stem_overrides_where_porter_goes_wrong()
    {
        Assert.Equal(["arts"], IndexTokens("arts"));
        Assert.Equal(["arts"], IndexTokens("artsen"));
        Assert.Equal(["zaak"], IndexTokens("zaken"));
        Assert.Equal(["boete"], IndexTokens("boetes"));
        Assert.NotEqual(IndexTokens("weten"), IndexTokens("wet"));
    }

    [Fact]
    public void Should_use_the_porter_stemmer_not_kp_which_strips_ge()
    {
        Assert.Equal(["gemeent"], IndexTokens("gemeente"));
        Assert.Equal(["geweld"], IndexTokens("geweld"));
    }

    [Fact]
    public void Should_remove_dutch_stopwords()
    {
        Assert.Equal(IndexTokens("sluiting drugspand"), IndexTokens("de sluiting van een drugspand"));
    }

    [Fact]
    public void Should_recognise_acronyms_by_shape()
    {
        Assert.True(AcronymKeywordFilter.IsAcronym("APV", 3));
        Assert.False(AcronymKeywordFilter.IsAcronym("E33", 3));
        Assert.False(AcronymKeywordFilter.IsAcronym("Om", 2));
        Assert.False(AcronymKeywordFilter.IsAcronym("WONINGINBRAAK", 13));
    }

    [Theory]
    [InlineData("briefje", "brief")]
    [InlineData("briefjes", "brief")]
    [InlineData("kamertje", "kamer")]
    [InlineData("huisje", "huis")]
    [InlineData("balletje", "bal")]
    [InlineData("boompje", "boom")]
    public void Should_reduce_diminutives_to_the_base_word(string diminutive, string word)
    {
        Assert.Equal(IndexTokens(word), IndexTokens(diminutive));
    }

    [Fact]
    public void Should_reduce_es_plurals_after_d_g_k_t_but_not_proces_or_adres()
    {
        Assert.Equal(IndexTokens("bende"), IndexTokens("bendes"));
        Assert.Equal(IndexTokens("ronde"), IndexTokens("rondes"));
        Assert.Equal("proces", DutchDiminutiveFilter.Reduce("proces", Resources.DiminutiveExceptions));
        Assert.Equal("adres", DutchDiminutiveFilter.Reduce("adres", Resources.DiminutiveExceptions));
        Assert.Equal("oranje", DutchDiminutiveFilter.Reduce("oranje", Resources.DiminutiveExceptions));
        Assert.NotEqual(IndexTokens("proce"), IndexTokens("proces"));
    }

    [Fact]
    public void Should_stack_compound_parts_on_the_compound_with_its_offsets()
    {
        var tokens = Analyze(IndexAnalyzer, "de jeugdoverlast");

        Assert.Equal(["jeugdoverlast", "jeugd", "overlast"], tokens.Select(t => t.Term));
        Assert.All(tokens, t => Assert.Equal(1, t.Position));
        Assert.All(tokens, t => Assert.Equal((3, 16), (t.StartOffset, t.EndOffset)));
        Assert.Equal(DutchCompoundFilter.PartType, tokens[1].Type);
    }

    [Theory]
    [InlineData("jeugdoverlast", "jeugd", "overlast")]
    [InlineData("opiumwet", "opium", "wet")]
    [InlineData("hennepkwekerij", "hennep", "kwekerij")]
    public void Should_index_the_parts_of_a_compound(string compound, string modifier, string head)
    {
        var tokens = IndexTokens(compound);

        Assert.Contains(IndexTokens(modifier).Single(), tokens);
        Assert.Contains(IndexTokens(head).Single(), tokens);
    }

    [Theory]
    [InlineData("overlast")]
    [InlineData("onderzoek")]
    [InlineData("vergunning")]
    [InlineData("gemeente")]
    [InlineData("burgemeester")]
    [InlineData("pandemie")]
    [InlineData("politieke")]
    public void Should_not_split_words_that_only_look_like_compounds(string word)
    {
        Assert.Single(IndexTokens(word));
    }

    [Fact]
    public void Should_not_split_compounds_at_query_time()
    {
        Assert.Equal(["woninginbrak", "x_woninginbraak"], QueryTokens("woninginbraak"));
    }

    [Fact]
    public void Should_map_written_out_forms_to_the_concept_token_next_to_the_words()
    {
        var tokens = Analyze(IndexAnalyzer, "het Openbaar Ministerie");

        Assert.Contains(tokens, t => t.Term == "x_om" && t.Position == tokens.First(u => u.Term == "openbaar").Position);
        Assert.Contains("ministerie", tokens.Select(t => t.Term));
        Assert.Contains("x_riec", IndexTokens("het Regionaal Informatie- en Expertisecentrum"));
        Assert.Contains("x_apv", IndexTokens("artikel 2:79 APV"));
        Assert.Contains("x_apv", IndexTokens("de Algemene Plaatselijke Verordening"));
    }
}
