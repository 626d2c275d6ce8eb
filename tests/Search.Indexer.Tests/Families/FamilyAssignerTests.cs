using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Families;
using Search.Indexer.Schema;
using Search.Indexer.Tests.Writing;
using Search.Indexer.Writing;

namespace Search.Indexer.Tests.Families;

public sealed class FamilyAssignerTests : IDisposable
{
    private readonly LuceneIndex _index = new(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);

    [Fact]
    public async Task Should_join_a_near_copy_from_another_source_to_the_family_of_the_indexed_original()
    {
        await IndexAsync(Doc("landelijk", "brief", FamilyTexts.ModelLetter));

        await IndexAsync(Doc("noordkaap", "brief", FamilyTexts.EditedCopy), Doc("noordkaap", "nieuws", FamilyTexts.Unrelated));

        Assert.Equal("landelijk-brief", _index.Get("noordkaap-brief")!.FamilyId);
        Assert.Equal("landelijk-brief", _index.Get("landelijk-brief")!.FamilyId);
        Assert.Equal("noordkaap-nieuws", _index.Get("noordkaap-nieuws")!.FamilyId);
        Assert.NotEmpty(_index.Get("noordkaap-brief")!.Fingerprint);
    }

    [Fact]
    public async Task Should_keep_template_siblings_of_different_sources_in_families_of_their_own()
    {
        var siblings = FamilyTexts.BoaSiblings;

        await IndexAsync(Doc("oost", "boa", siblings[0]));
        await IndexAsync(Doc("west", "boa", siblings[1]), Doc("zuid", "boa", siblings[2]));

        Assert.Equal(["oost-boa", "west-boa", "zuid-boa"], new[] { "oost-boa", "west-boa", "zuid-boa" }.Select(id => _index.Get(id)!.FamilyId));
    }

    [Fact]
    public async Task Should_group_near_copies_within_one_batch()
    {
        await IndexAsync(Doc("oost", "brief", FamilyTexts.ModelLetter), Doc("west", "brief", FamilyTexts.EditedCopy));

        Assert.Equal("oost-brief", _index.Get("west-brief")!.FamilyId);
    }

    [Fact]
    public async Task Should_keep_the_other_members_grouped_when_the_member_that_named_the_family_is_removed()
    {
        await IndexAsync(Doc("landelijk", "brief", FamilyTexts.ModelLetter));
        await IndexAsync(Doc("oost", "brief", FamilyTexts.EditedCopy));
        await IndexAsync(Doc("west", "brief", FamilyTexts.ModelLetter + "\nGepubliceerd door Netwerk West."));

        await _index.DeleteAsync(["landelijk-brief"], CancellationToken.None);
        await IndexAsync(Doc("zuid", "brief", FamilyTexts.ModelLetter));

        Assert.All(new[] { "oost-brief", "west-brief", "zuid-brief" }, id => Assert.Equal("landelijk-brief", _index.Get(id)!.FamilyId));
    }

    [Fact]
    public async Task Should_not_match_a_rewritten_document_with_its_own_previous_version()
    {
        await IndexAsync(Doc("oost", "brief", FamilyTexts.ModelLetter));

        await IndexAsync(Doc("oost", "brief", FamilyTexts.EditedCopy));

        Assert.Equal("oost-brief", _index.Get("oost-brief")!.FamilyId);
    }

    [Fact]
    public async Task Should_leave_texts_too_short_to_compare_alone()
    {
        await IndexAsync(Doc("oost", "kort", "Download het convenant (PDF)."), Doc("west", "kort", "Download het convenant (PDF)."));

        Assert.Equal("west-kort", _index.Get("west-kort")!.FamilyId);
        Assert.Empty(_index.Get("west-kort")!.Fingerprint);
    }

    public void Dispose() => _index.Dispose();

    private static IndexDocument Doc(string source, string name, string body) =>
        DocumentMapperTests.Sample($"{source}-{name}", body: body) with { SourceId = source };

    private Task IndexAsync(params IndexDocument[] documents) => _index.UpsertAsync(documents, FamilyAssigner.Assign, CancellationToken.None);
}
