using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Indexer.Analysis;
using Search.Indexer.Families;
using Search.Indexer.Schema;
using Search.Indexer.Tests.Analysis;
using Search.Indexer.Writing;

namespace Search.Indexer.Tests.Writing;

public sealed class DocumentMapperTests
{
    public static IndexDocument Sample(string id = "src-1", string title = "Convenant hennep", string body = "Tekst over hennepteelt.") => new()
    {
        Id = id,
        SourceId = "src",
        SourceName = "Bron",
        Url = $"https://x.example/{id}.pdf",
        Title = title,
        Description = "Omschrijving",
        Body = body,
        Type = "convenant",
        Themes = ["hennep", "ondermijning"],
        Published = new DateOnly(2022, 4, 12),
        Modified = new DateOnly(2023, 1, 1),
        ParentTitle = "Ouderpagina",
        ParentUrl = "https://x.example/ouder.html",
        Format = "pdf",
        Access = [AccessLabels.Public],
        PageStarts = [0, 10],
        HarvestedAt = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Should_round_trip_every_field()
    {
        var original = Sample() with { FamilyId = "andere-bron-1", Fingerprint = Enumerable.Range(0, MinHash.Length).Select(i => (uint)i * 2654435761u).ToArray() };

        var back = DocumentMapper.FromLucene(DocumentMapper.ToLucene(original));

        Assert.Equivalent(original, back, strict: true);
    }

    [Fact]
    public void Should_put_a_document_without_an_assigned_family_in_its_own()
    {
        var back = DocumentMapper.FromLucene(DocumentMapper.ToLucene(Sample("alleen")));

        Assert.Equal("alleen", back.FamilyId);
        Assert.Empty(back.Fingerprint);
    }

    [Fact]
    public void Should_map_every_schema_field_it_writes()
    {
        var written = DocumentMapper.ToLucene(Sample()).Fields.Select(f => f.Name).ToHashSet();

        Assert.Empty(written.Except(IndexFields.Kinds.Keys).Except([IndexFields.SortDate]));
    }

    [Fact]
    public void Should_index_every_word_of_title_and_body_for_spelling()
    {
        var document = Sample(title: "Convenant Hennep-teelt 2024", body: "Tekst over hennepteelt, ideeën en de OM's aanpak.\nTekst!");
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(DutchTextAnalyzer.Version, LuceneIndex.CreateAnalyzer())))
        {
            writer.AddDocument(DocumentMapper.ToLucene(document));
        }

        using var reader = DirectoryReader.Open(directory);
        var indexed = new List<string>();
        var terms = MultiFields.GetTerms(reader, IndexFields.Spell).GetEnumerator();
        while (terms.MoveNext())
        {
            indexed.Add(terms.Term.Utf8ToString());
        }

        Assert.Equal(Words(document.Title + "\n" + document.Body), indexed);
        Assert.Contains("ideeën", indexed);
    }

    /// <summary>The distinct words the spelling analyzer of the original mapping (title and body as one string) emits, in index order.</summary>
    private static List<string> Words(string text)
    {
        using var analyzer = new ReferenceWordsAnalyzer();
        using var stream = analyzer.GetTokenStream(IndexFields.Spell, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var words = new SortedSet<BytesRef>(BytesRef.UTF8SortedAsUnicodeComparer);
        stream.Reset();
        while (stream.IncrementToken())
        {
            words.Add(new BytesRef(term.ToString()));
        }

        stream.End();
        return words.Select(w => w.Utf8ToString()).ToList();
    }
}
