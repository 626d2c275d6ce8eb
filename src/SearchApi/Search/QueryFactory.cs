using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

using Search.Indexer.Analysis;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>The query could not be understood; the message is Dutch, for the searcher.</summary>
public sealed class QuerySyntaxException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Builds Lucene queries from user input (pure): words, "phrases", -exclusions, AND/OR/NOT, parentheses and
/// <c>title:</c>; no regular expressions or leading wildcards. Unknown <c>field:</c> prefixes ("Let op: …") are read as words.
/// </summary>
public static class QueryFactory
{
    /// <summary>Fields a user may name in a query.</summary>
    public static readonly IReadOnlySet<string> UserFields = new HashSet<string>(StringComparer.Ordinal)
    {
        IndexFields.Title, IndexFields.Body, IndexFields.Description,
    };

    /// <summary>At most this many term clauses after parsing (before multi-term expansion).</summary>
    public const int MaxClauses = 128;

    /// <summary>Nesting deeper than this is refused before parsing.</summary>
    public const int MaxNesting = 16;

    /// <summary>A fuzzy term (<c>woord~</c>) may be at most this long; a longer one is searched as a plain word.</summary>
    public const int MaxFuzzyLength = 40;

    /// <summary>
    /// Parses the query; when its syntax is broken, falls back to its plain words (<paramref name="degraded"/> is then
    /// true). Throws <see cref="QuerySyntaxException"/> only when nothing searchable is left or the query is too big.
    /// </summary>
    /// <param name="documentFrequency">
    /// How many documents hold a term; a compound query word held by <see cref="CommonWordDocuments"/> or more is not also
    /// searched as its parts. Null: every compound is.
    /// </param>
    public static Query ParseLenient(
        string text, Analyzer analyzer, bool requireAllWords, out bool degraded, CompoundSegmenter? compounds = null, Func<Term, int>? documentFrequency = null)
    {
        degraded = false;
        if (Nesting(text) > MaxNesting)
        {
            throw new QuerySyntaxException($"De zoekvraag is te diep genest (meer dan {MaxNesting} haakjes).");
        }

        try
        {
            return Checked(Parse(text, analyzer, requireAllWords, compounds, documentFrequency));
        }
        catch (QuerySyntaxException) when (!string.IsNullOrWhiteSpace(text))
        {
            var words = System.Text.RegularExpressions.Regex.Replace(text.Replace("\\", " ", StringComparison.Ordinal), @"\b(AND|OR|NOT)\b|&&|\|\|", " ");
            var plain = QueryParserBase.Escape(words);
            if (string.IsNullOrWhiteSpace(plain))
            {
                throw new QuerySyntaxException("De zoekvraag bevat geen woorden om op te zoeken.");
            }

            Query query;
            try
            {
                query = Parse(plain, analyzer, requireAllWords, compounds, documentFrequency);
            }
            catch (QuerySyntaxException)
            {
                throw new QuerySyntaxException("De zoekvraag bevat geen woorden om op te zoeken.");
            }

            if (query is BooleanQuery { Clauses.Count: 0 })
            {
                throw new QuerySyntaxException("De zoekvraag bevat geen woorden om op te zoeken.");
            }

            degraded = true;
            return Checked(query);
        }
    }

    /// <summary>
    /// A compound query word held by this many documents or more (in the body) is searched as it is, not also as its parts
    /// (<c>fietsdiefstal</c> then finds no "diefstal van een fiets"). Its parts are common words, each in far more documents:
    /// they would add many matches below the word's own, and make the search several times slower (3–5× on the
    /// benchmark's 100,000 documents); a word held by fewer documents gets the parts for recall.
    /// </summary>
    public const int CommonWordDocuments = 100;

    public static Query Parse(string text, Analyzer analyzer, bool requireAllWords, CompoundSegmenter? compounds = null, Func<Term, int>? documentFrequency = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MatchAllDocsQuery();
        }

        var parser = new GuardedParser(analyzer, compounds, documentFrequency)
        {
            DefaultOperator = requireAllWords ? Operator.AND : Operator.OR,
            AllowLeadingWildcard = false,
            AutoGeneratePhraseQueries = false,
            FuzzyMinSim = 0.7f,
        };
        try
        {
            return parser.Parse(EscapeRegexSlashes(text));
        }
        catch (ParseException ex)
        {
            throw new QuerySyntaxException($"De zoekvraag kon niet worden gelezen: controleer aanhalingstekens, haakjes en operatoren ({FirstLine(ex.Message)}).", ex);
        }
        catch (BooleanQuery.TooManyClausesException ex)
        {
            throw new QuerySyntaxException($"De zoekvraag is te breed: ze levert meer dan {BooleanQuery.MaxClauseCount} termen op. Maak de zoekvraag specifieker.", ex);
        }
    }

    private static Query Checked(Query query)
    {
        var clauses = CountClauses(query);
        return clauses > MaxClauses
            ? throw new QuerySyntaxException($"De zoekvraag is te lang: {clauses} termen, het maximum is {MaxClauses}.")
            : query;
    }

    private static int CountClauses(Query query) => query switch
    {
        BooleanQuery boolean => boolean.Clauses.Sum(c => CountClauses(c.Query)),
        PhraseQuery phrase => phrase.GetTerms().Length,
        _ => 1,
    };

    private static int Nesting(string text)
    {
        int depth = 0, max = 0;
        foreach (var c in text)
        {
            if (c == '(')
            {
                max = Math.Max(max, ++depth);
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
        }

        return max;
    }

    /// <summary>
    /// Puts quotes around multi-word concept forms ("Openbaar Ministerie", "outlaw motorcycle gang") outside quotes, so the
    /// query analyzer sees them together (the classic parser splits on spaces) and maps them to their concept token.
    /// </summary>
    public static string QuoteConcepts(string text, ConceptMap concepts)
    {
        if (text.Length == 0 || text.Contains('"', StringComparison.Ordinal))
        {
            return text;
        }

        foreach (var pattern in ConceptPatterns.GetValue(concepts, FormPatterns))
        {
            // Only outside the quotes placed so far (even segments), so a shorter form never lands inside a longer one.
            var segments = text.Split('"');
            for (var i = 0; i < segments.Length; i += 2)
            {
                segments[i] = pattern.Replace(segments[i], m => '"' + m.Value + '"');
            }

            text = string.Join('"', segments);
        }

        return text;
    }

    /// <summary>The multi-word forms' patterns, longest form first; built once per concept map.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConceptMap, System.Text.RegularExpressions.Regex[]> ConceptPatterns = new();

    private static System.Text.RegularExpressions.Regex[] FormPatterns(ConceptMap concepts) => concepts.Concepts
        .SelectMany(c => c.Forms).Where(f => f.Contains(' ', StringComparison.Ordinal))
        .OrderByDescending(f => f.Length)
        .Select(form => new System.Text.RegularExpressions.Regex(
            @"(?<!\w)" + System.Text.RegularExpressions.Regex.Escape(form).Replace(@"\ ", @"\s+", StringComparison.Ordinal) + @"(?!\w)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
        .ToArray();

    /// <summary>
    /// For a query of plain words: the words near each other in the title, or close together in the body, rank higher.
    /// Returns the query unchanged for a single word or explicit syntax.
    /// </summary>
    public static Query WithProximityBoost(Query query, string text, Analyzer analyzer) =>
        ProximityBoost(text, analyzer) is { } proximity ? WithBoost(query, proximity) : query;

    /// <summary>The query with an optional boost clause: it adds its score where it matches, and matches nothing by itself.</summary>
    public static BooleanQuery WithBoost(Query query, Query boost) => new() { { query, Occur.MUST }, { boost, Occur.SHOULD } };

    /// <summary>The proximity boost of <see cref="WithProximityBoost"/> on its own, or null when there is none.</summary>
    public static Query? ProximityBoost(string text, Analyzer analyzer)
    {
        if (!IsPlainWords(text))
        {
            return null;
        }

        var words = QueryParserBase.Escape(text.Trim());
        var parser = new QueryParser(DutchTextAnalyzer.Version, IndexFields.Body, analyzer) { DefaultOperator = Operator.OR };
        try
        {
            return parser.Parse($"{IndexFields.Title}:\"{words}\"~2^3 {IndexFields.Body}:\"{words}\"~8");
        }
        catch (ParseException)
        {
            return null;
        }
    }

    /// <summary>True for plain words only (no quotes, operators, fields, wildcards or fuzzy marks): safe to spell-correct word by word.</summary>
    public static bool IsCorrectable(string text) =>
        text.Length > 0 && text.Length <= 200 && text.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '\'')
        && !text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w is "AND" or "OR" or "NOT" || w.StartsWith('-'));

    /// <summary>True when the text has no explicit operators, so an OR fallback keeps its meaning.</summary>
    public static bool IsPlainWords(string text) =>
        !text.Contains('"', StringComparison.Ordinal) && !text.Contains('(', StringComparison.Ordinal)
        && !text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w is "AND" or "OR" or "NOT" || w.StartsWith('-') || w.StartsWith('+'))
        && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1;

    /// <summary>Slashes start regular expressions in the classic syntax; we never allow those.</summary>
    private static string EscapeRegexSlashes(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[i]).Append(text[++i]); // already escaped (a slash too): keep as it is
                continue;
            }

            if (text[i] == '/')
            {
                builder.Append('\\');
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private sealed class GuardedParser(Analyzer analyzer, CompoundSegmenter? compounds, Func<Term, int>? documentFrequency) : MultiFieldQueryParser(
        DutchTextAnalyzer.Version,
        IndexFields.SearchedFields.Keys.ToArray(),
        analyzer,
        IndexFields.SearchedFields.ToDictionary(f => f.Key, f => f.Value))
    {
        /// <summary>Weight of the "all parts" alternative of a compound query word, relative to the word itself.</summary>
        private const float PartsBoost = 0.5f;

        /// <summary>Per query word: whether it is common (<see cref="IsCommon"/>), made on first need.</summary>
        private Dictionary<string, bool>? _common;

        protected override Query GetFieldQuery(string field, string queryText, bool quoted)
        {
            if (IsUnknown(field))
            {
                return base.GetFieldQuery(null!, field + " " + queryText, quoted);
            }

            var query = base.GetFieldQuery(field, queryText, quoted);
            return quoted || query is null ? query! : WithCompoundParts(field, queryText, query);
        }

        /// <summary>
        /// A compound query word (fietsdiefstal) also matches documents that have all of its parts (diefstal van een fiets),
        /// with a lower weight. The index only decompounds documents, so this is the query-side half.
        /// </summary>
        private Query WithCompoundParts(string field, string word, Query query)
        {
            if (compounds is null || word.Length < CompoundSegmenter.MinWordLength || !word.All(char.IsLetter))
            {
                return query;
            }

            var folded = global::Search.Indexer.Classification.Taxonomy.Fold(word);
            var parts = compounds.Segment(folded);
            var leaves = parts.Where(p => !parts.Any(q => q != p && q.Start >= p.Start && q.Start + q.Length <= p.Start + p.Length)).ToList();
            if (leaves.Count < 2 || IsCommon(word))
            {
                return query;
            }

            var all = new BooleanQuery { Boost = PartsBoost };
            foreach (var part in leaves)
            {
                if (base.GetFieldQuery(field, folded.Substring(part.Start, part.Length), false) is not { } partQuery)
                {
                    return query;
                }

                all.Add(partQuery, Occur.MUST);
            }

            return new BooleanQuery { { query, Occur.SHOULD }, { all, Occur.SHOULD } };
        }

        /// <summary>Whether a term of the word's body query is held by <see cref="CommonWordDocuments"/> or more documents (decided once per word).</summary>
        private bool IsCommon(string word)
        {
            if (documentFrequency is null)
            {
                return false;
            }

            _common ??= new Dictionary<string, bool>(StringComparer.Ordinal);
            if (!_common.TryGetValue(word, out var common))
            {
                var terms = new HashSet<Term>();
                base.GetFieldQuery(IndexFields.Body, word, false)?.ExtractTerms(terms);
                _common[word] = common = terms.Any(t => documentFrequency(t) >= CommonWordDocuments);
            }

            return common;
        }

        protected override Query GetFieldQuery(string field, string queryText, int slop) =>
            IsUnknown(field) ? base.GetFieldQuery(null!, field + " " + queryText, slop) : base.GetFieldQuery(field, queryText, slop);

        protected override Query GetPrefixQuery(string field, string termStr) =>
            termStr.Length < 2 ? throw new ParseException("Een zoekterm met * moet minstens 2 tekens hebben") : base.GetPrefixQuery(IsUnknown(field) ? null! : field, termStr);

        protected override Query GetWildcardQuery(string field, string termStr) => base.GetWildcardQuery(IsUnknown(field) ? null! : field, termStr);

        protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity) =>
            termStr.Length > MaxFuzzyLength
                ? throw new ParseException($"Een zoekterm met ~ mag hoogstens {MaxFuzzyLength} tekens hebben")
                : base.GetFuzzyQuery(IsUnknown(field) ? null! : field, termStr, minSimilarity);

        protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive) =>
            throw new ParseException("Zoeken op een bereik ([a TO b]) wordt niet ondersteund");

        protected override Query GetRegexpQuery(string field, string termStr) =>
            throw new ParseException("Reguliere expressies worden niet ondersteund");

        private static bool IsUnknown(string? field) => field is not null && !UserFields.Contains(field);
    }
}

/// <summary>The filters every search gets: only documents this caller may see.</summary>
public static class AccessFilter
{
    /// <summary>At most this many distinct label sets get a cached filter; beyond that a caller's own filter is used.</summary>
    private const int MaxCached = 1_000;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Filter> ByLabels = new(StringComparer.Ordinal);

    /// <summary>Anonymous callers see public documents only (members access arrives with authentication).</summary>
    public static Filter PublicOnly { get; } = new BitSetCachingFilter(new QueryWrapperFilter(new TermQuery(new Term(IndexFields.Access, AccessLabels.Public))));

    /// <summary>
    /// The caller's filter, cached as a bit set per segment and shared by every caller with the same labels (the filter
    /// depends on nothing else).
    /// </summary>
    public static Filter For(global::Search.SearchApi.Security.CallerAccess caller)
    {
        if (caller.Filter is BitSetCachingFilter shared)
        {
            return shared; // anonymous callers
        }

        var key = string.Join('\n', caller.Labels);
        if (ByLabels.TryGetValue(key, out var cached))
        {
            return cached;
        }

        return ByLabels.Count < MaxCached ? ByLabels.GetOrAdd(key, _ => new BitSetCachingFilter(caller.Filter)) : caller.Filter;
    }
}

/// <summary>
/// A filter cached per segment as a bit set: a search then checks the filter per candidate document (random access)
/// instead of stepping through the filter's documents alongside the query's.
/// </summary>
public sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
{
    protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
    {
        var bits = new Lucene.Net.Util.FixedBitSet(reader.MaxDoc);
        bits.Or(iterator);
        return bits;
    }
}
