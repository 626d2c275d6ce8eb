using Search.Connectors.Abstractions;
using Search.Indexer.Sources;
using Search.TestKit;

namespace Search.Indexer.Tests.Sources;

public sealed class SourceFileLoaderTests
{
    private const string Valid = """
        { "id": "oost", "name": "Netwerk Oost", "kind": "sitemap", "url": "https://oost.example/sitemap.xml",
          "schedule": "0 0 3 * * ?", "visibility": "members", "enabled": true }
        """;

    [Fact]
    public void Should_load_a_valid_definition()
    {
        var (source, errors) = SourceFileLoader.Parse(Valid, "oost.json", "/base");

        Assert.Empty(errors);
        Assert.Equal("oost", source!.Id);
        Assert.Equal(SourceKind.Sitemap, source.Kind);
        Assert.Equal(Visibility.Members, source.Visibility);
        Assert.Equal(new Uri("https://oost.example/sitemap.xml"), source.Url);
    }

    [Theory]
    [InlineData("public", null, Visibility.Public, null, RestrictedMode.Hide)]
    [InlineData("members", null, Visibility.Members, null, RestrictedMode.Hide)]
    [InlineData("members:oost", "teaser", Visibility.Members, "oost", RestrictedMode.Teaser)]
    [InlineData("members:noord-holland", "hide", Visibility.Members, "noord-holland", RestrictedMode.Hide)]
    public void Should_read_visibility_with_an_optional_network_and_the_restricted_mode(
        string visibility, string? restricted, Visibility expected, string? network, RestrictedMode mode)
    {
        var json = $$"""{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?", "visibility": "{{visibility}}"{{(restricted is null ? "" : $", \"restricted\": \"{restricted}\"")}} }""";

        var (source, errors) = SourceFileLoader.Parse(json, "x.json", "/base");

        Assert.Empty(errors);
        Assert.Equal(expected, source!.Visibility);
        Assert.Equal(network, source.Network);
        Assert.Equal(mode, source.Restricted);
    }

    [Theory]
    [InlineData("\"visibility\": \"members:\"", "visibility")]
    [InlineData("\"visibility\": \"members:Oost!\"", "visibility")]
    [InlineData("\"visibility\": \"leden\"", "visibility")]
    [InlineData("\"visibility\": \"members\", \"restricted\": \"blur\"", "restricted")]
    [InlineData("\"visibility\": \"public\", \"restricted\": \"teaser\"", "restricted")]
    public void Should_reject_an_unknown_visibility_or_restricted_mode(string fields, string field)
    {
        var (source, errors) = SourceFileLoader.Parse($$"""{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?", {{fields}} }""", "x.json", "/base");

        Assert.Null(source);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void Should_resolve_folder_paths_against_the_file_location()
    {
        var (source, errors) = SourceFileLoader.Parse("""{ "id": "map", "name": "Map", "kind": "folder", "path": "../docs", "schedule": "0 0 * * * ?" }""", "map.json", "/etc/search/sources");

        Assert.Empty(errors);
        Assert.Equal(Path.GetFullPath("/etc/search/docs"), source!.Path);
    }

    [Theory]
    [InlineData("""{ "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" }""", "id")]
    [InlineData("""{ "id": "Hoofdletters!", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" }""", "id")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "ftp", "path": "p", "schedule": "0 0 3 * * ?" }""", "kind")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "sitemap", "schedule": "0 0 3 * * ?" }""", "url")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "sitemap", "url": "file:///etc/passwd", "schedule": "0 0 3 * * ?" }""", "url")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "folder", "schedule": "0 0 3 * * ?" }""", "path")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "elke nacht" }""", "schedule")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?", "visibility": "geheim" }""", "visibility")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?", "enabled": "ja" }""", "enabled")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?", "contentSelector": "div > p" }""", "contentSelector")]
    [InlineData("""{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?", "maxDocuments": 0 }""", "maxDocuments")]
    [InlineData("""{ "id": "x", "name": """, "(file)")]
    public void Should_name_the_file_and_the_field_of_each_problem(string json, string field)
    {
        var (source, errors) = SourceFileLoader.Parse(json, "bron.json", "/base");

        Assert.Null(source);
        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Equal("bron.json", error.File);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
    }

    [Fact]
    public void Should_keep_valid_sources_when_others_are_invalid_or_duplicate()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "a-oost.json"), Valid);
        File.WriteAllText(Path.Combine(dir.Path, "b-kapot.json"), "{ niet eens json");
        File.WriteAllText(Path.Combine(dir.Path, "c-dubbel.json"), Valid);

        var result = SourceFileLoader.LoadDirectory(dir.Path);

        Assert.Equal("oost", Assert.Single(result.Sources).Id);
        Assert.Contains(result.Errors, e => e.File == "b-kapot.json" && e.Field == "(file)");
        Assert.Contains(result.Errors, e => e.File == "c-dubbel.json" && e.Field == "id");
    }

    [Fact]
    public void Should_load_the_committed_sample_sources()
    {
        var result = SourceFileLoader.LoadDirectory(RepoFiles.PathOf("config", "sources"));

        Assert.Empty(result.Errors);
        Assert.True(result.Sources.Count >= 3);
        Assert.All(result.Sources, s => Assert.True(Directory.Exists(s.Path), s.Path));
    }
}
