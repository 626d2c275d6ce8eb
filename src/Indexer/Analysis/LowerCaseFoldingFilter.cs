using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Search.Indexer.Analysis;

/// <summary>
/// <see cref="LowerCaseFilter"/> followed by <see cref="ASCIIFoldingFilter"/> in one pass: a word of ASCII letters
/// (nearly all) is lower-cased in place; any other word goes through Lucene's own lower-casing and folding
/// (<see cref="CharacterUtils.ToLower(char[], int, int)"/>, <see cref="ASCIIFoldingFilter.FoldToASCII(char[], int, char[], int, int)"/>),
/// so the result is exactly that of the two filters.
/// </summary>
public sealed class LowerCaseFoldingFilter : TokenFilter
{
    private readonly CharacterUtils _characters;
    private readonly ICharTermAttribute _term;
    private char[] _folded = new char[512];

    public LowerCaseFoldingFilter(LuceneVersion version, TokenStream input)
        : base(input)
    {
        _characters = CharacterUtils.GetInstance(version);
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        var buffer = _term.Buffer;
        var length = _term.Length;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (c >= '\u0080')
            {
                LowerAndFold(buffer, length);
                return true;
            }

            if (c is >= 'A' and <= 'Z')
            {
                buffer[i] = (char)(c | 0x20);
            }
        }

        return true;
    }

    private void LowerAndFold(char[] buffer, int length)
    {
        _characters.ToLower(buffer, 0, length);
        if (!buffer.AsSpan(0, length).ContainsAnyInRange('\u0080', char.MaxValue))
        {
            return;
        }

        if (_folded.Length < 4 * length)
        {
            _folded = new char[ArrayUtil.Oversize(4 * length, RamUsageEstimator.NUM_BYTES_CHAR)];
        }

        var folded = ASCIIFoldingFilter.FoldToASCII(buffer, 0, _folded, 0, length);
        _term.CopyBuffer(_folded, 0, folded);
    }
}
