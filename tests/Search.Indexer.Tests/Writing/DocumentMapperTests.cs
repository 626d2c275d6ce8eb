using Search.Indexer.Families;
using Search.Indexer.Schema;
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
}
