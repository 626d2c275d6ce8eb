using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace Search.Indexer.Analysis;

/// <summary>
/// Words as written, lower-cased, not stemmed or folded: the vocabulary that spelling suggestions and
/// autocomplete show to searchers (<c>woninginbraken</c>, <c>ideeën</c>).
/// </summary>
public sealed class WordsAnalyzer : Analyzer
{
    public const int MinLength = 2;
    public const int MaxLength = 40;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new LatinStandardTokenizer(reader) { MaxTokenLength = MaxLength };
        return new TokenStreamComponents(tokenizer, new LowerCaseLengthFilter(tokenizer));
    }

    /// <summary>
    /// <see cref="LowerCaseFilter"/> and then <see cref="LengthFilter"/> (<see cref="MinLength"/>–<see cref="MaxLength"/>)
    /// in one step, with the same result (lower-casing does not change a word's length): a word of the right length
    /// is lower-cased in place, ASCII directly and anything else by Lucene's own lower-casing.
    /// </summary>
    private sealed class LowerCaseLengthFilter : FilteringTokenFilter
    {
        private readonly CharacterUtils _characters = CharacterUtils.GetInstance(DutchTextAnalyzer.Version);
        private readonly ICharTermAttribute _term;

        public LowerCaseLengthFilter(TokenStream input)
            : base(DutchTextAnalyzer.Version, input)
        {
            _term = AddAttribute<ICharTermAttribute>();
        }

        protected override bool Accept()
        {
            var length = _term.Length;
            if (length is < MinLength or > MaxLength)
            {
                return false;
            }

            var buffer = _term.Buffer;
            for (var i = 0; i < length; i++)
            {
                var c = buffer[i];
                if (c >= '\u0080')
                {
                    _characters.ToLower(buffer, 0, length);
                    break;
                }

                if (c is >= 'A' and <= 'Z')
                {
                    buffer[i] = (char)(c | 0x20);
                }
            }

            return true;
        }
    }
}
