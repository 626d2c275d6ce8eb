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

        var change = Assert.Throws<SourceConflictException>(() => catalog.Save(source!, Json, mustBeNew: false));
        var remove = Assert.Throws<SourceConflictException>(() => catalog.Remove("noord"));
        Assert.Throws<KeyNotFoundException>(() => catalog.Remove("zuid"));

        // The admin API shows these messages as they are.
        Assert.Equal("Bron 'noord' is gedefinieerd in noord.json; wijzig in plaats daarvan dat bestand.", change.Message);
        Assert.Equal("Bron 'noord' is gedefinieerd in noord.json; verwijder in plaats daarvan dat bestand.", remove.Message);
    }

    [Fact]
    public void Should_refuse_in_Dutch_a_second_admin_source_with_the_same_id_or_without_an_admin_directory()
    {
        using var dir = new TempDirectory();
        var admin = Path.Combine(dir.Path, "sources");
        var (source, _) = SourceFileLoader.Parse(Json, "request", admin);
        var catalog = new SourceCatalog([], [], admin);
        catalog.Save(source!, Json, mustBeNew: true);

        var twice = Assert.Throws<SourceConflictException>(() => catalog.Save(source!, Json, mustBeNew: true));
        var nowhere = Assert.Throws<SourceConflictException>(() => new SourceCatalog([], []).Save(source!, Json, mustBeNew: true));

        Assert.Equal("Er bestaat al een bron met id 'noord'.", twice.Message);
        Assert.Equal("Bronnen toevoegen terwijl de dienst draait is niet ingesteld.", nowhere.Message);
    }

    [Fact]
    public void Should_report_in_Dutch_an_admin_source_whose_id_is_defined_in_config_sources()
    {
        using var dir = new TempDirectory();
        var admin = Path.Combine(dir.Path, "sources");
        Directory.CreateDirectory(admin);
        File.WriteAllText(Path.Combine(admin, "noord.json"), Json);
        var (source, _) = SourceFileLoader.Parse(Json, "noord.json", dir.Path);

        var catalog = new SourceCatalog([source!], [], admin);

        Assert.Equal(new SourceLoadError("noord.json", "id", "Id 'noord' is al gedefinieerd in config/sources."), Assert.Single(catalog.Errors));
        Assert.False(catalog.Find("noord")!.IsAdminManaged);
    }
}
