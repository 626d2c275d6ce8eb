using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

public sealed class WordTableTests
{
    [Fact]
    public void Should_find_a_word_with_its_stem_flags_and_parts()
    {
        var table = new WordTable(8);
        WordPart[] parts = [new("woning", false), new("inbrak", false)];
        table.Add("woninginbraken", "woninginbrak", WordFlags.Changed, parts);
        table.Add("de", [], WordFlags.Stopword, null);

        Assert.True(table.TryFind("woninginbraken", out var found));
        Assert.Equal("woninginbrak", found.Stem.ToString());
        Assert.Equal(WordFlags.Changed, found.Flags);
        Assert.Same(parts, found.Parts);
        Assert.True(table.TryFind("de", out var stopword));
        Assert.Equal(WordFlags.Stopword, stopword.Flags);
        Assert.False(table.TryFind("woninginbraak", out _));
        Assert.False(table.TryFind("woninginbrake", out _));
    }

    [Fact]
    public void Should_keep_words_found_again_and_forget_the_rest_when_generations_fill()
    {
        var table = new WordTable(2);
        table.Add("aa", "a", WordFlags.Changed, null);
        table.Add("bb", "b", WordFlags.Changed, null);
        table.Add("cc", "c", WordFlags.Changed, null); // the first generation is full: aa and bb become the previous one

        Assert.True(table.TryFind("aa", out _)); // found again: copied into the current generation (cc, aa)
        table.Add("dd", "d", WordFlags.Changed, null); // full again: (cc, aa) become the previous one, (aa, bb) are dropped

        Assert.True(table.TryFind("aa", out var kept));
        Assert.Equal("a", kept.Stem.ToString());
        Assert.True(table.TryFind("cc", out _));
        Assert.True(table.TryFind("dd", out _));
        Assert.False(table.TryFind("bb", out _));
        Assert.True(table.Count <= 4);
    }

    [Fact]
    public void Should_hold_many_words_with_colliding_slots()
    {
        var table = new WordTable(5_000);
        var words = Enumerable.Range(0, 5_000).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var word in words)
        {
            table.Add(word, word.ToUpperInvariant(), WordFlags.Changed, null);
        }

        Assert.All(words, w => Assert.Equal(w.ToUpperInvariant(), table.TryFind(w, out var e) ? e.Stem.ToString() : null));
    }
}
