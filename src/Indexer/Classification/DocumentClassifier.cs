namespace Search.Indexer.Classification;

/// <summary>Applies the taxonomy rules to one document (pure).</summary>
public static class DocumentClassifier
{
    public sealed record Classification(string Type, IReadOnlyList<string> Themes);

    /// <summary>
    /// Type: the first type whose title pattern matches; else the first whose URL pattern matches; else the
    /// type with most keyword hits (at least its minimum); else the default. Themes: every theme with a keyword
    /// in the title, or with at least its minimum number of keyword hits in the text.
    /// </summary>
    public static Classification Classify(Taxonomy taxonomy, string title, string url, string body)
    {
        var foldedTitle = Taxonomy.Fold(title);
        var foldedUrl = Taxonomy.Fold(Uri.UnescapeDataString(url)).Replace('-', ' ').Replace('_', ' ').Replace('/', ' ');
        var foldedBody = Taxonomy.Fold(body.Length > 100_000 ? body[..100_000] : body);

        var type = taxonomy.Types.FirstOrDefault(t => t.TitlePatterns.Any(p => p.IsMatch(foldedTitle)))
            ?? taxonomy.Types.FirstOrDefault(t => t.UrlPatterns.Any(p => p.IsMatch(foldedUrl)))
            ?? taxonomy.Types
                .Select(t => (Type: t, Hits: t.Keywords.Sum(k => k.Count(foldedBody))))
                .Where(x => x.Hits >= x.Type.MinKeywordMatches && x.Hits > 0)
                .OrderByDescending(x => x.Hits)
                .Select(x => x.Type)
                .FirstOrDefault();

        var themes = taxonomy.Themes
            .Where(theme => theme.Keywords.Any(k => k.IsMatch(foldedTitle)) || theme.Keywords.Sum(k => k.Count(foldedBody)) >= theme.MinMatches)
            .Select(theme => theme.Id)
            .ToList();
        return new Classification(type?.Id ?? taxonomy.DefaultType, themes);
    }
}
