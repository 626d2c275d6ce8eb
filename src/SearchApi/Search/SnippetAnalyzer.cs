using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.SearchApi.Search;

/// <summary>
/// The index analyzer's chain (<see cref="DutchTextAnalyzer"/>, <see cref="AnalysisMode.Index"/>) for highlighting, made
/// cheap: the chain splits into a first half that needs the neighbouring words (tokenizer, acronyms, concept phrases) and a
/// second half that treats each token on its own (stopwords, diminutives, decompounding, stemming). The second half's
/// output per token is remembered, so a word is decompounded and stemmed once instead of at every occurrence in every
/// hit. The tokens (terms, positions, offsets) equal the index analyzer's; a test holds the two chains together.
/// </summary>
internal sealed class SnippetAnalyzer : Analyzer
{
    /// <summary>Remembered words per kind (keyword or not); the memory starts over beyond this.</summary>
    public const int MaxRemembered = 200_000;

    private static readonly ConditionalWeakTable<AnalysisResources, SnippetAnalyzer> ByResources = new();

    private readonly AnalysisResources _resources;
    private readonly Memory _words = new();
    private readonly Memory _keywords = new();

    private readonly ConceptForms _exactConcepts = new();
    private readonly ConceptForms _foldedConcepts = new();

    private SnippetAnalyzer(AnalysisResources resources)
    {
        _resources = resources;
        foreach (var concept in resources.Concepts.Concepts)
        {
            // As the index chain's concept maps: acronyms in capitals, exactly; other forms as lower-case folded words.
            foreach (var form in concept.Forms)
            {
                if (ConceptMap.IsAcronymForm(form))
                {
                    _exactConcepts.Add([form], concept.Token);
                }
                else
                {
                    _foldedConcepts.Add(ConceptMap.Normalise(form), concept.Token);
                }
            }
        }
    }

    /// <summary>The snippet analyzer for an index analyzed with these resources (one per resources, shared).</summary>
    public static SnippetAnalyzer For(AnalysisResources resources) => ByResources.GetValue(resources, r => new SnippetAnalyzer(r));

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(DutchTextAnalyzer.Version, reader) { MaxTokenLength = 100 };
        TokenStream stream = new EnglishPossessiveFilter(DutchTextAnalyzer.Version, tokenizer);
        stream = new AcronymKeywordFilter(stream);
        stream = new SnippetConceptFilter(stream, _exactConcepts);
        stream = new LowerCaseFilter(DutchTextAnalyzer.Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new SnippetConceptFilter(stream, _foldedConcepts);
        return new TokenStreamComponents(tokenizer, new RememberedTail(stream, this));
    }

    /// <summary>The second half of the index chain on one token on its own (<see cref="SingleToken"/>).</summary>
    private TokenStream Tail(TokenStream single)
    {
        var stream = (TokenStream)new DutchStopFilter(DutchTextAnalyzer.Version, single, _resources.Stopwords);
        stream = new SetKeywordMarkerFilter(stream, _resources.Concepts.Tokens);
        stream = new DutchDiminutiveFilter(stream, _resources.DiminutiveExceptions);
        stream = new DutchCompoundFilter(stream, _resources.Compounds);
        stream = new StemmerOverrideFilter(stream, _resources.StemOverrides);
        stream = new SnowballFilter(stream, "Dutch");
        stream = new UndoubleConsonantFilter(stream);
        return new RemoveDuplicatesTokenFilter(stream);
    }

    /// <summary>One token that the second half of the chain made of an input token.</summary>
    private readonly record struct Output(string Term, int PositionIncrement);

    /// <summary>Input token → the second half's output, for at most <see cref="MaxRemembered"/> tokens.</summary>
    private sealed class Memory
    {
        private readonly ConcurrentDictionary<string, Output[]> _outputs = new(StringComparer.Ordinal);
        private int _count;

        public Memory() => Lookup = _outputs.GetAlternateLookup<ReadOnlySpan<char>>();

        public ConcurrentDictionary<string, Output[]>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        public Output[] Remember(string word, Output[] outputs)
        {
            if (Interlocked.Increment(ref _count) > MaxRemembered)
            {
                _outputs.Clear();
                Interlocked.Exchange(ref _count, 0);
            }

            _outputs[word] = outputs;
            return outputs;
        }
    }

    /// <summary>Emits, for each token of the first half, the remembered output of the second half.</summary>
    private sealed class RememberedTail : TokenFilter
    {
        private readonly SnippetAnalyzer _owner;
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;
        private readonly IPositionIncrementAttribute _position;
        private readonly SingleToken _single;
        private readonly TokenStream _tail;
        private readonly ICharTermAttribute _tailTerm;
        private readonly IPositionIncrementAttribute _tailPosition;
        private readonly List<string> _atPosition = [];
        private Output[] _pending = [];
        private int _next;
        private int _inputIncrement;
        private int _skipped;

        public RememberedTail(TokenStream input, SnippetAnalyzer owner)
            : base(input)
        {
            _owner = owner;
            _term = AddAttribute<ICharTermAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
            _position = AddAttribute<IPositionIncrementAttribute>();
            _single = new SingleToken();
            _tail = owner.Tail(_single);
            _tailTerm = _tail.GetAttribute<ICharTermAttribute>();
            _tailPosition = _tail.GetAttribute<IPositionIncrementAttribute>();
        }

        public override bool IncrementToken()
        {
            while (true)
            {
                while (_next < _pending.Length)
                {
                    var output = _pending[_next];
                    var increment = _next == 0 ? _inputIncrement + _skipped : output.PositionIncrement;
                    _next++;
                    if (_next == 1)
                    {
                        _skipped = 0;
                    }

                    // Duplicates at one position are dropped, as RemoveDuplicatesTokenFilter does across input tokens.
                    if (increment > 0)
                    {
                        _atPosition.Clear();
                    }
                    else if (_atPosition.Contains(output.Term))
                    {
                        continue;
                    }

                    _atPosition.Add(output.Term);
                    _term.SetEmpty().Append(output.Term);
                    _position.PositionIncrement = increment;
                    return true;
                }

                if (!m_input.IncrementToken())
                {
                    return false;
                }

                _inputIncrement = _position.PositionIncrement;
                _pending = Analyze();
                _next = 0;
                if (_pending.Length == 0)
                {
                    _skipped += _inputIncrement; // a stopword: its position goes to the next token, as in FilteringTokenFilter
                }
            }
        }

        public override void Reset()
        {
            base.Reset();
            _pending = [];
            _next = 0;
            _skipped = 0;
            _atPosition.Clear();
        }

        private Output[] Analyze()
        {
            var words = _keyword.IsKeyword ? _owner._keywords : _owner._words;
            var word = _term.Buffer.AsSpan(0, _term.Length);
            if (words.Lookup.TryGetValue(word, out var known))
            {
                return known;
            }

            var text = word.ToString();
            _single.Set(text, _keyword.IsKeyword);
            _tail.Reset();
            var outputs = new List<Output>(2);
            while (_tail.IncrementToken())
            {
                outputs.Add(new Output(_tailTerm.ToString(), _tailPosition.PositionIncrement));
            }

            _tail.End();
            return words.Remember(text, [.. outputs]);
        }
    }

    /// <summary>A token stream of one token, with the term and keyword flag it is given.</summary>
    private sealed class SingleToken : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;
        private readonly IPositionIncrementAttribute _position;
        private string _text = string.Empty;
        private bool _isKeyword;
        private bool _done;

        public SingleToken()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
            _position = AddAttribute<IPositionIncrementAttribute>();
        }

        public void Set(string text, bool isKeyword) => (_text, _isKeyword) = (text, isKeyword);

        public override bool IncrementToken()
        {
            if (_done)
            {
                return false;
            }

            ClearAttributes();
            _term.SetEmpty().Append(_text);
            _keyword.IsKeyword = _isKeyword;
            _position.PositionIncrement = 1;
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
