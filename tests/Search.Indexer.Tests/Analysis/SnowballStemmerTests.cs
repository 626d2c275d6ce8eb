using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

/// <summary>
/// Pins Snowball "Dutch" (Porter) on hand-picked words, checked against Snowball's own dutch_output.txt (c437f9f).
/// The full vocabulary check is a command: dotnet run --project src/Cli -- analysis check-stemmer --vocabulary …
/// </summary>
public sealed class SnowballStemmerTests
{
    [Theory]
    [InlineData("gemeente", "gemeent")]
    [InlineData("gemeenten", "gemeent")]
    [InlineData("geweld", "geweld")]
    [InlineData("veiligheid", "veilig")]
    [InlineData("veilig", "veilig")]
    [InlineData("politie", "politie")]
    [InlineData("politieke", "politiek")]
    [InlineData("woning", "woning")]
    [InlineData("woningen", "woning")]
    [InlineData("overvallen", "overvall")]
    [InlineData("boete", "boet")]
    [InlineData("boetes", "boetes")]
    [InlineData("brieven", "briev")]
    [InlineData("briefje", "briefj")]
    [InlineData("huizen", "huiz")]
    [InlineData("ideeën", "ideeen")]
    [InlineData("maatregelen", "maatregel")]
    [InlineData("handhaving", "handhav")]
    [InlineData("vergunning", "vergunn")]
    [InlineData("vergunningen", "vergunn")]
    [InlineData("opsporing", "opspor")]
    [InlineData("verwarde", "verward")]
    [InlineData("verward", "verward")]
    [InlineData("weten", "wet")]
    [InlineData("kinderen", "kinder")]
    [InlineData("personen", "person")]
    [InlineData("burgemeester", "burgemeester")]
    [InlineData("toezicht", "toezicht")]
    [InlineData("lopen", "lop")]
    [InlineData("gelopen", "gelop")]
    public void Should_stem_like_the_snowball_reference_output(string word, string stem)
    {
        Assert.Equal(stem, SnowballVocabulary.Stem(word));
    }

    [Fact]
    public void Should_report_mismatches_with_their_line()
    {
        var mismatches = SnowballVocabulary.Check(["woningen", "lopen"], ["woning", "loop"]);

        var mismatch = Assert.Single(mismatches);
        Assert.Equal(new SnowballVocabulary.Mismatch(2, "lopen", "loop", "lop"), mismatch);
    }
}
