using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// Marks short all-caps tokens (OM, OMG, APV, RIEC, BOA) as keywords, so that they are neither
/// removed as stopwords (OM vs "om") nor stemmed. Runs before lower-casing.
/// </summary>
public sealed class AcronymKeywordFilter : TokenFilter
{
    public const int MaxAcronymLength = 6;

    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    public AcronymKeywordFilter(TokenStream input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        if (IsAcronym(_term.Buffer, _term.Length))
        {
            _keyword.IsKeyword = true;
        }

        return true;
    }

    public static bool IsAcronym(ReadOnlySpan<char> buffer, int length)
    {
        if (length < 2 || length > MaxAcronymLength)
        {
            return false;
        }

        var letters = 0;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (char.IsUpper(c))
            {
                letters++;
            }
            else if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return letters >= 2;
    }
}
