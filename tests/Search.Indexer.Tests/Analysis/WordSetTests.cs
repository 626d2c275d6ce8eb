using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

public sealed class WordSetTests
{
    [Theory]
    [InlineData(50)]
    [InlineData(20_000)] // large enough for the Bloom filter
    public void Should_contain_exactly_its_words(int count)
    {
        var random = new Random(count);
        string Word() => new(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var words = Enumerable.Range(0, count).Select(_ => Word()).ToHashSet(StringComparer.Ordinal);
        var set = new WordSet(words);

        Assert.All(words, w => Assert.True(set.Contains(w), w));
        var probes = Enumerable.Range(0, 50_000).Select(_ => Word()).Append(string.Empty).Append("Aap").Append("a" + new string('z', 70));
        Assert.All(probes, p => Assert.Equal(words.Contains(p), set.Contains(p)));
        Assert.False(new WordSet([]).Contains("a"));
        Assert.True(new WordSet(["", "ab"]).Contains(string.Empty));
    }
}
