using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;

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
        var tokenizer = new StandardTokenizer(DutchTextAnalyzer.Version, reader) { MaxTokenLength = MaxLength };
        TokenStream stream = new LowerCaseFilter(DutchTextAnalyzer.Version, tokenizer);
        stream = new LengthFilter(DutchTextAnalyzer.Version, stream, MinLength, MaxLength);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
