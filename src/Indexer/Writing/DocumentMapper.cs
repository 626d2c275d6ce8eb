using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Search.Indexer.Analysis;
using Search.Indexer.Families;
using Search.Indexer.Schema;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Search.Indexer.Writing;

/// <summary>Maps <see cref="IndexDocument"/> to a Lucene document and back (pure).</summary>
public static class DocumentMapper
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Indexed words without positions, norms or storage: a cheap vocabulary for spelling and suggestions.</summary>
    private static readonly FieldType WordsType = new()
    {
        IsIndexed = true,
        IsTokenized = true,
        IsStored = false,
        OmitNorms = true,
        IndexOptions = IndexOptions.DOCS_ONLY,
    };

    public static LuceneDocument ToLucene(IndexDocument d)
    {
        var doc = new LuceneDocument
        {
            new StringField(IndexFields.Id, d.Id, Field.Store.YES),
            new StoredField(IndexFields.SourceName, d.SourceName),
            new StringField(IndexFields.Url, d.Url, Field.Store.YES),
            new TextField(IndexFields.Title, d.Title, Field.Store.YES),
            new TextField(IndexFields.Body, d.Body, Field.Store.YES),
            new StringField(IndexFields.Format, d.Format, Field.Store.YES),
            new StoredField(IndexFields.HarvestedAt, d.HarvestedAt.ToString("O", CultureInfo.InvariantCulture)),
        };
        doc.Add(new Field(IndexFields.Spell, new JoinedTextReader(d.Title, "\n", d.Body), WordsType));
        AddFacet(doc, IndexFields.Source, d.SourceId);
        AddFacet(doc, IndexFields.Type, d.Type);
        foreach (var theme in d.Themes.Distinct(StringComparer.Ordinal))
        {
            AddFacet(doc, IndexFields.Theme, theme);
        }

        if (d.SortDate is { } sortDate)
        {
            AddFacet(doc, IndexFields.Year, sortDate.Year.ToString(CultureInfo.InvariantCulture));
            doc.Add(new NumericDocValuesField(IndexFields.SortDate, sortDate.DayNumber));
        }
        else
        {
            doc.Add(new NumericDocValuesField(IndexFields.SortDate, 0));
        }

        AddOptional(doc, IndexFields.Description, d.Description, text: true);
        AddOptional(doc, IndexFields.Published, d.Published?.ToString(DateFormat, CultureInfo.InvariantCulture), text: false);
        AddOptional(doc, IndexFields.Modified, d.Modified?.ToString(DateFormat, CultureInfo.InvariantCulture), text: false);
        AddOptional(doc, IndexFields.ParentTitle, d.ParentTitle, text: false);
        AddOptional(doc, IndexFields.ParentUrl, d.ParentUrl, text: false);
        foreach (var label in d.Access)
        {
            doc.Add(new StringField(IndexFields.Access, label, Field.Store.YES));
        }

        if (d.PageStarts.Count > 0)
        {
            doc.Add(new StoredField(IndexFields.PageStarts, string.Join(',', d.PageStarts)));
        }

        AddFamily(doc, d);
        return doc;
    }

    public static IndexDocument FromLucene(LuceneDocument doc) => new()
    {
        Id = doc.Get(IndexFields.Id),
        SourceId = doc.Get(IndexFields.Source),
        SourceName = doc.Get(IndexFields.SourceName),
        Url = doc.Get(IndexFields.Url),
        Title = doc.Get(IndexFields.Title),
        Description = doc.Get(IndexFields.Description),
        Body = doc.Get(IndexFields.Body) ?? string.Empty,
        Type = doc.Get(IndexFields.Type),
        Themes = doc.GetValues(IndexFields.Theme),
        Published = ParseDate(doc.Get(IndexFields.Published)),
        Modified = ParseDate(doc.Get(IndexFields.Modified)),
        ParentTitle = doc.Get(IndexFields.ParentTitle),
        ParentUrl = doc.Get(IndexFields.ParentUrl),
        Format = doc.Get(IndexFields.Format),
        Access = doc.GetValues(IndexFields.Access),
        PageStarts = doc.Get(IndexFields.PageStarts) is { Length: > 0 } starts
            ? starts.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [],
        HarvestedAt = DateTimeOffset.Parse(doc.Get(IndexFields.HarvestedAt), CultureInfo.InvariantCulture),
        FamilyId = doc.Get(IndexFields.FamilyId),
        Fingerprint = doc.GetBinaryValue(IndexFields.Fingerprint) is { } fingerprint
            ? MinHash.FromBytes(fingerprint.Bytes.AsSpan(fingerprint.Offset, fingerprint.Length))
            : [],
    };

    /// <summary>Every document is in a family (its own when alone): the id is indexed, stored and kept in doc values for collapsing.</summary>
    private static void AddFamily(LuceneDocument doc, IndexDocument d)
    {
        var familyId = d.FamilyId ?? d.Id;
        doc.Add(new StringField(IndexFields.FamilyId, familyId, Field.Store.YES));
        doc.Add(new SortedDocValuesField(IndexFields.FamilyId, new BytesRef(familyId)));
        if (d.Fingerprint.Count == 0)
        {
            return;
        }

        doc.Add(new StoredField(IndexFields.Fingerprint, MinHash.ToBytes(d.Fingerprint)));
        foreach (var band in MinHash.BandKeys(d.Fingerprint))
        {
            doc.Add(new StringField(IndexFields.FamilyBand, band, Field.Store.NO));
        }
    }

    private static void AddFacet(LuceneDocument doc, string field, string value)
    {
        doc.Add(new StringField(field, value, Field.Store.YES));
        doc.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }

    private static void AddOptional(LuceneDocument doc, string field, string? value, bool text)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        doc.Add(text ? new TextField(field, value, Field.Store.YES) : new StringField(field, value, Field.Store.YES));
    }

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
