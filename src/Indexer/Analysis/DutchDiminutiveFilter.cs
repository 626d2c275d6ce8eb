using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Search.Indexer.Analysis;

/// <summary>
/// Reduces diminutives and -es plurals before stemming, which the Porter stemmer leaves alone
/// (briefje → brief, kamertje → kamer, balletje → bal, boompje → boom, jongetje → jong, boetes → boete), except for
/// listed words (oranje, diabetes). There is no general -es rule: proces and adres stay. Keywords and words with
/// anything but the letters a–z are passed unchanged. Runs after lower-casing and folding.
/// </summary>
public sealed partial class DutchDiminutiveFilter : TokenFilter
{
    private const int MinLength = 5;

    private readonly IReadOnlySet<string> _exceptions;
    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    public DutchDiminutiveFilter(TokenStream input, IReadOnlySet<string> exceptions)
        : base(input)
    {
        _exceptions = exceptions;
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        if (!_keyword.IsKeyword && _term.Length >= MinLength && EndsWithCandidate(_term.Buffer.AsSpan(0, _term.Length)))
        {
            var word = _term.ToString();
            if (Reduce(word, _exceptions) is { } reduced && reduced.Length != word.Length)
            {
                _term.SetEmpty().Append(reduced);
            }
        }

        return true;
    }

    /// <summary>The word without its diminutive or -es ending, or the word itself.</summary>
    public static string Reduce(string word, IReadOnlySet<string> exceptions)
    {
        if (exceptions.Contains(word) || !word.All(c => c is >= 'a' and <= 'z'))
        {
            return word;
        }

        foreach (var rule in Rules)
        {
            var match = rule.Match(word);
            if (match.Success)
            {
                return match.Groups[1].Value + (match.Groups.Count > 2 ? match.Groups[2].Value : string.Empty);
            }
        }

        return word;
    }

    private static bool EndsWithCandidate(ReadOnlySpan<char> word) =>
        word.EndsWith("je") || word.EndsWith("jes") || word.EndsWith("es");

    private static readonly Regex[] Rules =
    [
        DoubledConsonantEtje(), // balletje → bal, kippetje → kip
        NgEtje(),               // jongetje → jong, koninkje stays
        LongVowelTje(),         // kamertje → kamer, tuintje → tuin, deurtje → deur
        Mpje(),                 // boompje → boom
        Je(),                   // huisje → huis, briefje → brief, plantjes → plant
        DeGeKeTeS(),            // boetes → boete, bendes → bende, rondes → ronde
    ];

    [GeneratedRegex("^(.{2,}?)([bdfgklmnprst])\\2etjes?$", RegexOptions.CultureInvariant)]
    private static partial Regex DoubledConsonantEtje();

    [GeneratedRegex("^(.{2,}ng)etjes?$", RegexOptions.CultureInvariant)]
    private static partial Regex NgEtje();

    [GeneratedRegex("^(.+(?:[aeiou]{2}|ij|e)[lnrw])tjes?$", RegexOptions.CultureInvariant)]
    private static partial Regex LongVowelTje();

    [GeneratedRegex("^(.{2,}m)pjes?$", RegexOptions.CultureInvariant)]
    private static partial Regex Mpje();

    [GeneratedRegex("^(.{2,}[^aeiouj])jes?$", RegexOptions.CultureInvariant)]
    private static partial Regex Je();

    [GeneratedRegex("^(.{2,}[dgkt]e)s$", RegexOptions.CultureInvariant)]
    private static partial Regex DeGeKeTeS();
}
