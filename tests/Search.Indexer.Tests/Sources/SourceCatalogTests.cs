using Search.Indexer.Sources;
using Search.TestKit;

namespace Search.Indexer.Tests.Sources;

public sealed class SourceCatalogTests
{
    private const string Json = """{ "id": "noord", "name": "Noord", "kind": "sitemap", "url": "https://noord.example/sitemap.xml", "schedule": "0 0 3 * * ?" }""";

    [Fact]
    public void Should_persist_admin_sources_across_restarts_and_forget_removed_ones()
    {
        using var dir = new TempDirectory();
        var admin = Path.Combine(dir.Path, "sources");
        var (source, _) = SourceFileLoader.Parse(Json, "request", admin);

        new SourceCatalog([], [], admin).Save(source!, Json, mustBeNew: true);
        var restarted = new SourceCatalog([], [], admin);

        Assert.True(restarted.Find("noord")!.IsAdminManaged);
        restarted.Remove("noord");
        Assert.Null(new SourceCatalog([], [], admin).Find("noord"));
    }

    [Fact]
    public void Should_refuse_admin_changes_to_file_defined_sources_and_duplicate_ids()
    {
        using var dir = new TempDirectory();
        var (source, _) = SourceFileLoader.Parse(Json, "noord.json", dir.Path);
        var catalog = new SourceCatalog([source!], [], Path.Combine(dir.Path, "sources"));

        Assert.Throws<SourceConflictException>(() => catalog.Save(source!, Json, mustBeNew: false));
        Assert.Throws<SourceConflictException>(() => catalog.Remove("noord"));
        Assert.Throws<KeyNotFoundException>(() => catalog.Remove("zuid"));
    }
}
