using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

public sealed class WordListBuilderTests
{
    [Theory]
    [InlineData("ideeën", "ideeen")]
    [InlineData("geïnstalleerd", "geinstalleerd")]
    [InlineData("Amsterdam", null)]
    [InlineData("APV", null)]
    [InlineData("camera's", null)]
    [InlineData("e-mail", null)]
    [InlineData("al", null)]
    public void Should_keep_lower_case_folded_letters_only(string entry, string? expected)
    {
        Assert.Equal(expected, WordListBuilder.Normalise(entry));
    }

    [Fact]
    public void Should_drop_only_long_compounds_that_split_the_same_way_without_them()
    {
        var rules = AnalysisFixture.Resources.Compounds.Rules;
        var lines = new[] { "woning", "inbraak", "woninginbraak", "preventie", "woninginbraakpreventie", "huis", "arts", "huisarts", "Huisarts" };

        var result = WordListBuilder.Build(lines, rules);

        // woninginbraakpreventie stays: without woninginbraak in the list its parts would change (woning and inbraak added).
        Assert.Equal(["arts", "huis", "huisarts", "inbraak", "preventie", "woning", "woninginbraakpreventie"], result.Words);
        Assert.Equal(1, result.CompoundsDropped);
        Assert.Equal(["woninginbraak", "woning", "inbraak", "preventie"], new CompoundSegmenter(result.Words, rules).Split("woninginbraakpreventie"));
    }
}
