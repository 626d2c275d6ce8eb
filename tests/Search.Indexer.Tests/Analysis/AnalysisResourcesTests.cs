using Search.Indexer.Analysis;
using Search.TestKit;

namespace Search.Indexer.Tests.Analysis;

public sealed class AnalysisResourcesTests
{
    [Fact]
    public void Should_load_every_file_of_the_committed_config_directory()
    {
        var resources = AnalysisFixture.Resources;

        Assert.All(AnalysisResources.FileNames, name => Assert.EndsWith(Path.Combine("config", "analysis", name), resources.Origins[name]));
        Assert.InRange(resources.Compounds.WordCount, 150_000, 250_000);
        Assert.Contains(resources.Concepts.Concepts, c => c.Name == "om");
        Assert.True(resources.Concepts.SynonymGroups > 5);
    }

    [Fact]
    public void Should_embed_the_committed_files_as_built_in_defaults()
    {
        foreach (var name in AnalysisResources.FileNames)
        {
            Assert.Equal(File.ReadAllText(RepoFiles.PathOf("config", "analysis", name)), AnalysisResources.Embedded(name).Text);
        }
    }

    [Fact]
    public void Should_fall_back_to_the_built_in_copy_of_a_missing_file()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, AnalysisResources.SynonymsFile), "hennep, wiet\n");

        var resources = AnalysisResources.Load(directory.Path);

        Assert.Equal(Path.Combine(directory.Path, AnalysisResources.SynonymsFile), resources.Origins[AnalysisResources.SynonymsFile]);
        Assert.Equal("embedded:" + AnalysisResources.WordList, resources.Origins[AnalysisResources.WordList]);
        Assert.Equal(1, resources.Concepts.SynonymGroups);
    }

    [Fact]
    public void Should_pick_up_edited_synonyms_in_a_new_instance()
    {
        using var directory = new TempDirectory();
        var synonyms = Path.Combine(directory.Path, AnalysisResources.SynonymsFile);
        File.WriteAllText(synonyms, "hennep, wiet\n");
        var before = DutchAnalyzers.CreateQueryAnalyzer(AnalysisResources.Load(directory.Path));
        File.WriteAllText(synonyms, "hennep, wiet, marihuana\n");

        var after = DutchAnalyzers.CreateQueryAnalyzer(AnalysisResources.Load(directory.Path));

        Assert.DoesNotContain("marihuana", AnalysisFixture.Analyze(before, "hennep").Select(t => t.Term));
        Assert.Contains("marihuana", AnalysisFixture.Analyze(after, "hennep").Select(t => t.Term));
    }

    [Theory]
    [InlineData(AnalysisResources.ConceptsFile, "# c\nom\tOM\nom\tOpenbaar Ministerie\n", 3, "defined twice")]
    [InlineData(AnalysisResources.ConceptsFile, "om OM\n", 1, "name<TAB>form")]
    [InlineData(AnalysisResources.ConceptsFile, "om\tOM\nrechter\tom\nx\tOM\n", 3, "already a form of concept 'om'")]
    [InlineData(AnalysisResources.SynonymsFile, "hennep, cannabis\ndrugs, verdovende middelen\n", 2, "concepts.txt")]
    [InlineData(AnalysisResources.SynonymsFile, "hennep\n", 1, "at least two")]
    [InlineData(AnalysisResources.StemOverridesFile, "arts\tarts\nartsen arts\n", 2, "word<TAB>stem")]
    [InlineData(AnalysisResources.AlwaysSplitFile, "ondermijningsbeeld\tondermijning bold\n", 1, "'bold' is not a part")]
    [InlineData(AnalysisResources.NeverSplitFile, "gemeente\nBurgemeester\n", 2, "lower case")]
    [InlineData(AnalysisResources.ShortHeadsFile, "wet\nweg\nwoning\n", 3, "3 letters")]
    public void Should_name_the_file_and_line_of_an_invalid_entry(string file, string content, int line, string message)
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, file);
        File.WriteAllText(path, content);

        var error = Assert.Throws<FormatException>(() => AnalysisResources.Load(directory.Path));

        Assert.StartsWith($"{path}, line {line}: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Should_refuse_a_directory_that_does_not_exist()
    {
        Assert.Throws<DirectoryNotFoundException>(() => AnalysisResources.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }
}
