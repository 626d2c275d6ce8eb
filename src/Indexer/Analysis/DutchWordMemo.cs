using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace Search.Indexer.Analysis;

/// <summary>
/// What the per-word steps of the Dutch chain make of a word (stopword, concept keyword, diminutive, [decompounding],
/// stem override, Snowball, undoubling), remembered in a bounded <see cref="WordTable"/>. A word not seen before is
/// run through those very filters, chained on a stream of that one word, so the memo holds exactly what the filters
/// emit. Not thread-safe: each <see cref="DutchWordFilter"/> has its own, as Lucene gives each thread its own streams.
/// </summary>
internal sealed class DutchWordMemo : IDisposable
{
    /// <summary>Words per memo generation (at most twice this many are remembered).</summary>
    public const int DefaultCapacity = 16_384;

    /// <summary>Longer words (rare) are analysed every time rather than remembered.</summary>
    private const int MaxMemoLength = 256;

    private readonly CharArraySet _stopwords;
    private readonly CharArraySet _conceptTokens;
    private readonly WordTable _memo;
    private readonly OneWordChain _chain;

    public DutchWordMemo(AnalysisResources resources, bool decompound, int capacity = DefaultCapacity)
    {
        _stopwords = resources.Stopwords;
        _conceptTokens = resources.Concepts.Tokens;
        _memo = new WordTable(capacity);
        _chain = new OneWordChain(resources, decompound);
    }

    public void Dispose() => _chain.Dispose();

    /// <summary>What the chain makes of one non-keyword word: nothing (a stopword), or its stem followed by the stems of its parts.</summary>
    internal WordEntry Find(char[] buffer, int length)
    {
        var word = buffer.AsSpan(0, length);
        if (_memo.TryFind(word, out var found))
        {
            return found;
        }

        if (_stopwords.Contains(buffer, 0, length))
        {
            return Remember(word, [], WordFlags.Stopword, null);
        }

        if (_conceptTokens.Contains(buffer, 0, length))
        {
            return Remember(word, word, WordFlags.Keyword, null);
        }

        var outputs = _chain.Run(buffer, length);
        var stem = outputs[0];
        var flags = (stem.Keyword ? WordFlags.Keyword : WordFlags.None) | (word.SequenceEqual(stem.Term) ? WordFlags.None : WordFlags.Changed);
        return Remember(word, stem.Term, flags, outputs.Length > 1 ? outputs[1..] : null);
    }

    private WordEntry Remember(ReadOnlySpan<char> word, ReadOnlySpan<char> stem, WordFlags flags, WordPart[]? parts) =>
        word.Length <= MaxMemoLength
            ? _memo.Add(word, stem, flags, parts)
            : new WordEntry(stem.ToArray(), 0, stem.Length, flags, parts);

    /// <summary>The per-word filters, chained on a stream of one word: the definition of what is memoised.</summary>
    private sealed class OneWordChain : IDisposable
    {
        private readonly OneWord _source = new();
        private readonly TokenStream _chain;
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;
        private readonly List<WordPart> _outputs = [];

        public OneWordChain(AnalysisResources resources, bool decompound)
        {
            TokenStream stream = new DutchDiminutiveFilter(_source, resources.DiminutiveExceptions);
            if (decompound)
            {
                stream = new DutchCompoundFilter(stream, resources.Compounds);
            }

            stream = new StemmerOverrideFilter(stream, resources.StemOverrides);
            stream = new SnowballFilter(stream, "Dutch");
            _chain = new UndoubleConsonantFilter(stream);
            _term = _chain.GetAttribute<ICharTermAttribute>();
            _keyword = _chain.GetAttribute<IKeywordAttribute>();
        }

        public WordPart[] Run(char[] buffer, int length)
        {
            _source.Set(buffer, length);
            _chain.Reset();
            _outputs.Clear();
            while (_chain.IncrementToken())
            {
                _outputs.Add(new WordPart(_term.ToString(), _keyword.IsKeyword));
            }

            _chain.End();
            return [.. _outputs];
        }

        public void Dispose() => _chain.Dispose();
    }

    /// <summary>A token stream of one non-keyword word, set before each <see cref="TokenStream.Reset"/>.</summary>
    private sealed class OneWord : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private char[] _word = new char[32];
        private int _length;
        private bool _done = true;

        public OneWord()
        {
            _term = AddAttribute<ICharTermAttribute>();
            AddAttribute<IKeywordAttribute>();
            AddAttribute<IPositionIncrementAttribute>();
        }

        public void Set(char[] buffer, int length)
        {
            if (_word.Length < length)
            {
                _word = new char[length];
            }

            Array.Copy(buffer, _word, length);
            _length = length;
        }

        public override bool IncrementToken()
        {
            if (_done)
            {
                return false;
            }

            ClearAttributes();
            _term.CopyBuffer(_word, 0, _length);
            _done = true;
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _done = false;
        }
    }
}
