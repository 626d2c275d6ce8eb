using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// Pins the stemmer: runs <c>SnowballFilter("Dutch")</c>, exactly as the analysis chain uses it, over a Snowball
/// vocabulary (voc.txt) and compares with the expected stems (dutch_output.txt). A package upgrade that changes stems
/// needs a reindex; this check is how to notice.
/// </summary>
public static class SnowballVocabulary
{
    public sealed record Mismatch(int Line, string Word, string Expected, string Actual);

    public static IReadOnlyList<Mismatch> Check(IReadOnlyList<string> words, IReadOnlyList<string> expected)
    {
        if (words.Count != expected.Count)
        {
            throw new ArgumentException($"The vocabulary has {words.Count} words but the expected output {expected.Count} stems.");
        }

        var mismatches = new List<Mismatch>();
        for (var i = 0; i < words.Count; i++)
        {
            var actual = Stem(words[i]);
            if (!string.Equals(actual, expected[i], StringComparison.Ordinal))
            {
                mismatches.Add(new Mismatch(i + 1, words[i], expected[i], actual));
            }
        }

        return mismatches;
    }

    /// <summary>The Snowball "Dutch" (Porter) stem of one word, as is: no lower-casing, folding or overrides.</summary>
    public static string Stem(string word)
    {
        using var stream = Analyzer.GetTokenStream("word", word);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var stem = stream.IncrementToken() ? term.ToString() : string.Empty;
        stream.End();
        return stem;
    }

    private static readonly Analyzer Analyzer = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new KeywordTokenizer(reader);
        return new TokenStreamComponents(tokenizer, new SnowballFilter(tokenizer, "Dutch"));
    });
}
