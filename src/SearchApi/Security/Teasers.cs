using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Connectors.Abstractions;
using Search.Indexer.Schema;

namespace Search.SearchApi.Security;

/// <summary>
/// Restricted documents of a <c>restricted: "teaser"</c> source, seen by a caller who may not read them: found by their
/// title only (never by words of their text), shown with an invitation to log in.
/// </summary>
public static class Teasers
{
    /// <summary>The snippet of a teaser hit.</summary>
    public static string Snippet(string sourceName) => $"Log in bij {sourceName} om dit document te lezen";

    /// <summary>Documents of teaser sources that the caller may not read, or null when there are none to consider.</summary>
    public static Filter? Filter(IEnumerable<SourceDefinition> sources, CallerAccess caller)
    {
        var ids = sources.Where(s => s.Visibility == Visibility.Members && s.Restricted == RestrictedMode.Teaser).Select(s => s.Id).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        var ofSources = new BooleanQuery();
        foreach (var id in ids)
        {
            ofSources.Add(new TermQuery(new Term(IndexFields.Source, id)), Occur.SHOULD);
        }

        var unreadable = new BooleanQuery { { ofSources, Occur.MUST } };
        foreach (var label in caller.Labels)
        {
            unreadable.Add(new TermQuery(new Term(IndexFields.Access, label)), Occur.MUST_NOT);
        }

        return new QueryWrapperFilter(unreadable);
    }

    /// <summary>
    /// The query as if documents had nothing but a title: every clause on another field matches nothing. Queries of
    /// unknown kinds match nothing too, so a teaser can never be found by words of its text.
    /// </summary>
    public static Query TitleOnly(Query query)
    {
        switch (query)
        {
            case MatchAllDocsQuery:
                return query;
            case BooleanQuery boolean:
                var copy = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost, MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
                foreach (var clause in boolean.Clauses)
                {
                    copy.Add(TitleOnly(clause.Query), clause.Occur);
                }

                return copy;
            case TermQuery term when term.Term.Field == IndexFields.Title:
            case MultiTermQuery multi when multi.Field == IndexFields.Title:
            case PhraseQuery phrase when phrase.GetTerms().All(t => t.Field == IndexFields.Title):
            case MultiPhraseQuery multiPhrase when multiPhrase.GetTermArrays().SelectMany(t => t).All(t => t.Field == IndexFields.Title):
                return query;
            default:
                return Nothing();
        }
    }

    /// <summary>A query matching no document.</summary>
    private static BooleanQuery Nothing() => new();
}

/// <summary>What one caller's search covers: documents the caller may read, and teasers (title matches only).</summary>
internal sealed record SearchScope(CallerAccess Caller, Filter? Teasers)
{
    /// <summary>The query to run: as given on readable documents, title-only on teasers (then with no further filter).</summary>
    public Query Compose(Query query, Query titleQuery) => Teasers is null
        ? query
        : new BooleanQuery(disableCoord: true)
        {
            { new FilteredQuery(query, Caller.Filter), Occur.SHOULD },
            { new FilteredQuery(titleQuery, Teasers), Occur.SHOULD },
        };
}
