using Lucene.Net.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// Reliability row 35: a damaged segment is detected at start-up and not served; the index reports itself
/// unavailable, and the documented repair and reset paths bring it back.
/// </summary>
public sealed class IndexIntegrityTests
{
    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    public async Task Should_not_serve_an_index_with_one_flipped_byte_in_a_compound_segment(double position)
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"));
        FlipByte(Segments(temp.Path, ".cfs").Single(), position);

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.Equal(IndexHealthStatus.Unavailable, index.Health.Status);
        Assert.Contains("integrity check", index.Health.Description);
        Assert.False(index.WasCreated);
        Assert.Throws<IndexUnavailableException>(() => index.AcquireSearcher());
        Assert.Throws<IndexUnavailableException>(() => index.Get("a"));
        await Assert.ThrowsAsync<IndexUnavailableException>(() => index.UpsertAsync([DocumentMapperTests.Sample("c")], CancellationToken.None));
        Assert.Same(IndexStats.Unavailable, index.GetStats());
        Assert.False(index.CanRebuild);
        index.WarmUp();
    }

    [Fact]
    public async Task Should_not_serve_an_index_with_a_damaged_stored_fields_file()
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"), ("c", "d"));

        // A merged segment above the compound-file ratio is kept as separate files (.fdt, .tim, …) instead of one .cfs.
        ForceMergeWithoutCompoundFile(temp.Path);
        FlipByte(Segments(temp.Path, ".fdt").Single(), 0.5);

        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.Equal(IndexHealthStatus.Unavailable, reopened.Health.Status);
    }

    [Fact]
    public async Task Should_find_the_damage_with_the_full_check_too()
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"));
        Assert.True(IndexMaintenance.Check(temp.Path, full: true, output: null, NullLogger.Instance).Healthy);
        FlipByte(Segments(temp.Path, ".cfs").Single(), 0.5);

        var checksums = IndexMaintenance.Check(temp.Path, full: false, output: null, NullLogger.Instance);
        var full = IndexMaintenance.Check(temp.Path, full: true, output: null, NullLogger.Instance);

        Assert.False(checksums.Healthy);
        Assert.False(full.Healthy);
        Assert.Contains("broken", full.Problem);
    }

    [Fact]
    public async Task Should_repair_by_removing_the_broken_segment_and_serve_the_rest()
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"), ("c", "d"));
        var segments = Segments(temp.Path, ".cfs").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, segments.Count);
        FlipByte(segments[1], 0.5);

        var result = IndexMaintenance.Repair(temp.Path, output: null, NullLogger.Instance);

        Assert.True(result.Repaired);
        Assert.Equal(2, result.DocumentsLost);
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.Equal(new HashSet<string> { "a", "b" }, index.GetIds("src"));
    }

    [Fact]
    public async Task Should_refuse_to_repair_while_the_index_is_open()
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"));
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => IndexMaintenance.Repair(temp.Path, output: null, NullLogger.Instance));

        Assert.Contains("locked by another writer", error.Message);
    }

    [Fact]
    public async Task Should_reset_a_damaged_index_to_an_empty_one_and_keep_the_damaged_files_aside()
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"));
        FlipByte(Segments(temp.Path, ".cfs").Single(), 0.5);

        var aside = IndexMaintenance.Reset(temp.Path, TimeProvider.System, NullLogger.Instance);

        Assert.NotNull(aside);
        Assert.NotEmpty(Directory.GetFiles(aside, "*.cfs"));
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.True(index.WasCreated);
        Assert.Equal(0, index.Count(new MatchAllDocsQuery()));
    }

    [Fact]
    public void Should_create_the_index_anew_when_its_first_commit_is_torn()
    {
        using var temp = new TempDirectory();

        // What a crash during the very first commit can leave (LUCENE-4738): a segments file and no segment data.
        File.WriteAllBytes(Path.Combine(temp.Path, "segments_1"), [0x3f, 0xd7, 0x6c]);

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.True(index.Health.Status == IndexHealthStatus.Healthy, index.Health.Description);
        Assert.True(index.WasCreated);
    }

    [Fact]
    public async Task Should_open_without_verifying_when_told_to()
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"));
        FlipByte(Segments(temp.Path, ".cfs").Single(), 0.5);

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance,
            options: new LuceneIndexOptions { StartupCheck = IndexStartupCheck.None });

        // Opening reads headers and footers, not every byte: the damage stays unnoticed until it is read.
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
    }

    [Fact]
    public async Task Should_verify_with_check_index_at_start_when_told_to()
    {
        using var temp = new TempDirectory();
        await CreateAsync(temp.Path, ("a", "b"));
        FlipByte(Segments(temp.Path, ".cfs").Single(), 0.5);

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance,
            options: new LuceneIndexOptions { StartupCheck = IndexStartupCheck.Full });

        Assert.Equal(IndexHealthStatus.Unavailable, index.Health.Status);
    }

    /// <summary>One commit per group of ids, so each group is one segment.</summary>
    internal static async Task CreateAsync(string path, params (string, string)[] commits)
    {
        using var index = LuceneIndex.OpenFileSystem(path, NullLogger<LuceneIndex>.Instance);
        foreach (var (first, second) in commits)
        {
            await index.UpsertAsync([DocumentMapperTests.Sample(first), DocumentMapperTests.Sample(second)], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }
    }

    internal static void FlipByte(string file, double position)
    {
        var bytes = File.ReadAllBytes(file);
        var at = (int)(bytes.Length * position);
        bytes[at] ^= 0xff;
        File.WriteAllBytes(file, bytes);
    }

    internal static IEnumerable<string> Segments(string path, string extension) =>
        Directory.GetFiles(path, "_*" + extension, SearchOption.TopDirectoryOnly);

    private static void ForceMergeWithoutCompoundFile(string path)
    {
        // Lucene's own writer on the generation directory (the index is closed by the caller first).
        using var directory = new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(path));
        var config = new Lucene.Net.Index.IndexWriterConfig(Search.Indexer.Analysis.DutchTextAnalyzer.Version, LuceneIndex.CreateAnalyzer())
        {
            OpenMode = Lucene.Net.Index.OpenMode.APPEND,
            UseCompoundFile = false,
        };
        config.MergePolicy.NoCFSRatio = 0;
        using var writer = new Lucene.Net.Index.IndexWriter(directory, config);
        writer.ForceMerge(1);
        writer.Commit();
    }
}
