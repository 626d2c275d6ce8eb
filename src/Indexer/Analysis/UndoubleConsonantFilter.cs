using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// Runs after the Porter stemmer, which undoubles only kk, dd and tt: removes the other doubled final consonants
/// (overvall → overval, plann → plan), so that overvallen and overval share a stem. Stems of three letters or
/// fewer and keywords are left alone.
/// </summary>
public sealed class UndoubleConsonantFilter : TokenFilter
{
    private const string Doubled = "bfglmnprs";

    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    public UndoubleConsonantFilter(TokenStream input)
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

        var length = _term.Length;
        if (!_keyword.IsKeyword && length >= 5)
        {
            var buffer = _term.Buffer;
            var last = buffer[length - 1];
            if (last == buffer[length - 2] && Doubled.Contains(last) && buffer[length - 3] is >= 'a' and <= 'z')
            {
                _term.Length = length - 1;
            }
        }

        return true;
    }
}
