using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Search.Indexer.Analysis;

/// <summary>A concept: one token (<c>x_om</c>) for an acronym and its written-out forms.</summary>
/// <param name="Name">The concept's name, lower-case letters and digits (<c>om</c>).</param>
/// <param name="Forms">The surface forms as written in concepts.txt (<c>OM</c>, <c>openbaar ministerie</c>).</param>
public sealed record Concept(string Name, IReadOnlyList<string> Forms)
{
    public string Token => ConceptMap.TokenPrefix + Name;
}

/// <summary>
/// The synonym maps built from concepts.txt and synonyms.txt. An all-caps single-word form (OM) is matched
/// case-sensitively before lower-casing, so the stopword "om" is not the acronym; every other form is matched after
/// lower-casing and diacritic folding and may span several words (Openbaar Ministerie). At index time the original
/// words are kept next to the concept token; at query time a multi-word form becomes the concept token alone, while a
/// one-word form keeps its word, so that it still reaches compound parts in the index (drugs in drugshandel).
/// </summary>
public sealed class ConceptMap
{
    public const string TokenPrefix = "x_";

    private ConceptMap(IReadOnlyList<Concept> concepts, SynonymMap? exactIndex, SynonymMap? exactQuery, SynonymMap? foldedIndex,
        SynonymMap? foldedQuery, SynonymMap? querySynonyms, CharArraySet tokens, int synonymGroups, ConceptForms exactForms, ConceptForms foldedForms)
    {
        ExactIndexForms = exactForms;
        FoldedIndexForms = foldedForms;
        Concepts = concepts;
        ExactIndex = exactIndex;
        ExactQuery = exactQuery;
        FoldedIndex = foldedIndex;
        FoldedQuery = foldedQuery;
        QuerySynonyms = querySynonyms;
        Tokens = tokens;
        SynonymGroups = synonymGroups;
    }

    public IReadOnlyList<Concept> Concepts { get; }

    /// <summary>Number of synonym groups (lines) in synonyms.txt.</summary>
    public int SynonymGroups { get; }

    /// <summary>All concept tokens; they are marked as keywords so that they are never stemmed.</summary>
    public CharArraySet Tokens { get; }

    internal SynonymMap? ExactIndex { get; }

    internal SynonymMap? ExactQuery { get; }

    internal SynonymMap? FoldedIndex { get; }

    internal SynonymMap? FoldedQuery { get; }

    internal SynonymMap? QuerySynonyms { get; }

    /// <summary>The forms of <see cref="ExactIndex"/>, as the index analyzer's <see cref="ConceptFilter"/> matches them.</summary>
    internal ConceptForms ExactIndexForms { get; }

    /// <summary>The forms of <see cref="FoldedIndex"/>, as the index analyzer's <see cref="ConceptFilter"/> matches them.</summary>
    internal ConceptForms FoldedIndexForms { get; }

    /// <summary>Parses concepts.txt (<c>name&lt;TAB&gt;form | form …</c>) and synonyms.txt (<c>word, word, …</c>).</summary>
    public static ConceptMap Parse(AnalysisFile concepts, AnalysisFile synonyms)
    {
        var list = new List<Concept>();
        var formOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var exactIndex = new SynonymMap.Builder(dedup: true);
        var exactQuery = new SynonymMap.Builder(dedup: true);
        var foldedIndex = new SynonymMap.Builder(dedup: true);
        var foldedQuery = new SynonymMap.Builder(dedup: true);
        int exactCount = 0, foldedCount = 0;
        var tokens = new CharArraySet(DutchTextAnalyzer.Version, 64, ignoreCase: false);
        var exactForms = new ConceptForms();
        var foldedForms = new ConceptForms();
        foreach (var (number, line) in concepts.Lines())
        {
            var columns = line.Split('\t', 2, StringSplitOptions.TrimEntries);
            if (columns.Length != 2 || columns[1].Length == 0)
            {
                throw concepts.Error(number, $"expected 'name<TAB>form | form …', got '{line}'.");
            }

            var name = columns[0];
            if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                throw concepts.Error(number, $"concept name '{name}' must be lower-case letters and digits.");
            }

            var concept = new Concept(name, columns[1].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            if (!tokens.Add(concept.Token))
            {
                throw concepts.Error(number, $"concept '{name}' is defined twice.");
            }

            var output = new CharsRef(concept.Token);
            foreach (var form in concept.Forms)
            {
                var exact = IsAcronymForm(form);
                var words = exact ? [form] : Normalise(form);
                if (words.Count == 0)
                {
                    throw concepts.Error(number, $"form '{form}' of concept '{name}' has no words.");
                }

                var key = (exact ? "=" : "~") + string.Join(' ', words);
                if (formOwners.TryGetValue(key, out var owner))
                {
                    throw concepts.Error(number, $"form '{form}' is already a form of concept '{owner}'.");
                }

                formOwners[key] = name;
                var input = SynonymMap.Builder.Join(words.ToArray(), new CharsRef());
                (exact ? exactIndex : foldedIndex).Add(input, output, includeOrig: true);
                (exact ? exactForms : foldedForms).Add(words, concept.Token);
                (exact ? exactQuery : foldedQuery).Add(input, output, includeOrig: words.Count == 1);
                _ = exact ? exactCount++ : foldedCount++;
            }

            list.Add(concept);
        }

        var synonymBuilder = new SynonymMap.Builder(dedup: true);
        var groups = 0;
        foreach (var (number, line) in synonyms.Lines())
        {
            var words = new List<string>();
            foreach (var term in line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var normalised = Normalise(term);
                if (normalised.Count != 1)
                {
                    throw synonyms.Error(number, $"'{term}' is not one word; put multi-word forms in concepts.txt.");
                }

                words.Add(normalised[0]);
            }

            if (words.Distinct(StringComparer.Ordinal).Count() < 2)
            {
                throw synonyms.Error(number, $"expected at least two different words separated by commas, got '{line}'.");
            }

            foreach (var from in words)
            {
                foreach (var to in words.Where(w => w != from))
                {
                    synonymBuilder.Add(new CharsRef(from), new CharsRef(to), includeOrig: true);
                }
            }

            groups++;
        }

        return new ConceptMap(list,
            exactCount > 0 ? exactIndex.Build() : null,
            exactCount > 0 ? exactQuery.Build() : null,
            foldedCount > 0 ? foldedIndex.Build() : null,
            foldedCount > 0 ? foldedQuery.Build() : null,
            groups > 0 ? synonymBuilder.Build() : null,
            tokens,
            groups,
            exactForms,
            foldedForms);
    }

    /// <summary>An all-caps single word of 2–6 letters or digits (OM, APV, RIEC), matched case-sensitively.</summary>
    public static bool IsAcronymForm(string form) => AcronymKeywordFilter.IsAcronym(form, form.Length);

    /// <summary>The words of <paramref name="text"/> as the analysis chain sees them before stopwords: lower case, folded.</summary>
    public static IReadOnlyList<string> Normalise(string text)
    {
        var words = new List<string>();
        var tokenizer = new StandardTokenizer(DutchTextAnalyzer.Version, new StringReader(text));
        using TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(DutchTextAnalyzer.Version,
            new EnglishPossessiveFilter(DutchTextAnalyzer.Version, tokenizer)));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            words.Add(term.ToString());
        }

        stream.End();
        return words;
    }
}
