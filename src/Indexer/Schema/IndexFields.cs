namespace Search.Indexer.Schema;

/// <summary>How a field is indexed.</summary>
public enum FieldKind
{
    /// <summary>Exact, not analyzed; stored.</summary>
    Keyword,

    /// <summary>Exact and counted as a facet (sorted-set doc values); stored; may repeat.</summary>
    Facet,

    /// <summary>Analyzed with the Dutch chain; stored.</summary>
    Text,

    /// <summary>Stored only.</summary>
    Stored,

    /// <summary>A date: stored as yyyy-MM-dd and as epoch days for sorting.</summary>
    Date,

    /// <summary>Unstemmed lower-case words, not stored, for spelling suggestions and autocomplete.</summary>
    Words,

    /// <summary>Exact, not analyzed, not stored: lookup keys only; may repeat.</summary>
    LookupKey,
}

/// <summary>The one table of field names and kinds, shared by mapper, query builder and facets.</summary>
public static class IndexFields
{
    public const string Id = "id";
    public const string Source = "source";
    public const string SourceName = "sourceName";
    public const string Url = "url";
    public const string Title = "title";
    public const string Description = "description";
    public const string Body = "body";
    public const string Type = "type";
    public const string Theme = "theme";
    public const string Year = "year";
    public const string Published = "published";
    public const string Modified = "modified";
    public const string ParentTitle = "parentTitle";
    public const string ParentUrl = "parentUrl";
    public const string Format = "format";
    public const string Access = "access";
    public const string PageStarts = "pageStarts";
    public const string HarvestedAt = "harvestedAt";

    /// <summary>The version family (keyword, stored, and sorted doc values for collapsing hits).</summary>
    public const string FamilyId = "familyId";

    /// <summary>The MinHash signature of the text (stored as bytes).</summary>
    public const string Fingerprint = "fingerprint";

    /// <summary>LSH band keys of <see cref="Fingerprint"/>: documents sharing one are near-duplicate candidates.</summary>
    public const string FamilyBand = "familyBand";

    /// <summary>Title and text as unstemmed lower-case words: the vocabulary for "did you mean" and term suggestions.</summary>
    public const string Spell = "spell";

    /// <summary>Doc-values field holding the sort date (published, else modified) in epoch days.</summary>
    public const string SortDate = "sortDate";

    public static IReadOnlyDictionary<string, FieldKind> Kinds { get; } = new Dictionary<string, FieldKind>
    {
        [Id] = FieldKind.Keyword,
        [Source] = FieldKind.Facet,
        [SourceName] = FieldKind.Stored,
        [Url] = FieldKind.Keyword,
        [Title] = FieldKind.Text,
        [Description] = FieldKind.Text,
        [Body] = FieldKind.Text,
        [Type] = FieldKind.Facet,
        [Theme] = FieldKind.Facet,
        [Year] = FieldKind.Facet,
        [Published] = FieldKind.Date,
        [Modified] = FieldKind.Date,
        [ParentTitle] = FieldKind.Stored,
        [ParentUrl] = FieldKind.Stored,
        [Format] = FieldKind.Keyword,
        [Access] = FieldKind.Keyword,
        [PageStarts] = FieldKind.Stored,
        [HarvestedAt] = FieldKind.Stored,
        [Spell] = FieldKind.Words,
        [FamilyId] = FieldKind.Keyword,
        [Fingerprint] = FieldKind.Stored,
        [FamilyBand] = FieldKind.LookupKey,
    };

    /// <summary>Fields searched by a plain query, with their boosts: the title weighs most.</summary>
    public static IReadOnlyDictionary<string, float> SearchedFields { get; } = new Dictionary<string, float>
    {
        [Title] = 4f,
        [Description] = 1.5f,
        [Body] = 1f,
    };

    /// <summary>The facets of the search API, in display order.</summary>
    public static IReadOnlyList<string> Facets { get; } = [Source, Type, Theme, Year];
}

/// <summary>Access labels a document carries.</summary>
public static class AccessLabels
{
    public const string Public = "public";

    /// <summary>Any member of any network.</summary>
    public const string Members = "members";

    /// <summary>Members of one network: <c>members:oost</c>.</summary>
    public static string MembersOf(string network) => Members + ":" + network;
}
