using System.Text;

namespace Search.Bench.Corpus;

/// <summary>
/// A word-level Markov chain of order 2 (pure once trained): the next word depends on the two before it. Words keep
/// their case and punctuation, so sentences and capitals come out as in the training text.
/// </summary>
internal sealed class MarkovModel
{
    private readonly string[] _words;
    private readonly Dictionary<long, int[]> _next;
    private readonly long[] _starts;

    private MarkovModel(string[] words, Dictionary<long, int[]> next, long[] starts, IReadOnlyList<long[]> startsPerText)
    {
        _words = words;
        _next = next;
        _starts = starts;
        StartsPerText = startsPerText;
    }

    /// <summary>Sentence starts per training text: generation restarts there to stay on one text's topic.</summary>
    public IReadOnlyList<long[]> StartsPerText { get; }

    public int VocabularySize => _words.Length;

    public static MarkovModel Train(IEnumerable<string> texts)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var next = new Dictionary<long, List<int>>();
        var starts = new List<long>();
        var startsPerText = new List<long[]>();
        foreach (var text in texts)
        {
            var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w =>
            {
                if (!ids.TryGetValue(w, out var id))
                {
                    id = ids[w] = words.Count;
                    words.Add(w);
                }

                return id;
            }).ToArray();
            var own = new List<long>();
            for (var i = 0; i + 2 < tokens.Length; i++)
            {
                var key = Key(tokens[i], tokens[i + 1]);
                (next.TryGetValue(key, out var list) ? list : next[key] = []).Add(tokens[i + 2]);
                if (i == 0 || EndsSentence(words[tokens[i - 1]]))
                {
                    own.Add(key);
                }
            }

            starts.AddRange(own);
            startsPerText.Add([.. own]);
        }

        return new MarkovModel([.. words], next.ToDictionary(k => k.Key, k => k.Value.ToArray()), [.. starts], startsPerText);
    }

    /// <summary>
    /// Appends <paramref name="count"/> words. At a sentence end it restarts, with probability <paramref name="restart"/>,
    /// from one of <paramref name="topicStarts"/> (else the chain runs on); a dead end always restarts.
    /// <paramref name="rewrite"/> may replace a word (compounds, place names); <paramref name="paragraph"/> is the chance of a blank line after a sentence.
    /// </summary>
    public void Generate(Random random, int count, long[] topicStarts, double restart, double paragraph, StringBuilder output, Func<string, string> rewrite)
    {
        var state = Pick(random, topicStarts);
        Emit(First(state));
        Emit(Second(state));
        for (var written = 2; written < count; written++)
        {
            var previous = _words[Second(state)];
            if ((EndsSentence(previous) && random.NextDouble() < restart) || !_next.TryGetValue(state, out var candidates))
            {
                if (EndsSentence(previous) && random.NextDouble() < paragraph)
                {
                    output.Append("\n\n");
                }

                state = Pick(random, topicStarts);
                Emit(First(state));
                if (++written < count)
                {
                    Emit(Second(state));
                }

                continue;
            }

            var word = candidates[random.Next(candidates.Length)];
            if (EndsSentence(previous) && random.NextDouble() < paragraph)
            {
                output.Append("\n\n");
            }

            Emit(word);
            state = Key(Second(state), word);
        }

        void Emit(int id)
        {
            if (output.Length > 0 && output[^1] != '\n')
            {
                output.Append(' ');
            }

            output.Append(rewrite(_words[id]));
        }
    }

    /// <summary>A sentence of about <paramref name="count"/> words from a start state, without its final punctuation.</summary>
    public string Phrase(Random random, int count, long[] topicStarts)
    {
        var words = new List<string>(count);
        var state = Pick(random, topicStarts);
        words.Add(_words[First(state)]);
        words.Add(_words[Second(state)]);
        while (words.Count < count && _next.TryGetValue(state, out var candidates))
        {
            var word = candidates[random.Next(candidates.Length)];
            words.Add(_words[word]);
            state = Key(Second(state), word);
        }

        return string.Join(' ', words).TrimEnd('.', ',', ';', ':', '!', '?');
    }

    private long Pick(Random random, long[] topicStarts) =>
        topicStarts.Length > 0 && random.NextDouble() < 0.7 ? topicStarts[random.Next(topicStarts.Length)] : _starts[random.Next(_starts.Length)];

    private static bool EndsSentence(string word) => word.Length > 0 && word[^1] is '.' or '?' or '!';

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    private static int First(long key) => (int)(key >> 32);

    private static int Second(long key) => (int)(key & 0xFFFFFFFF);
}
