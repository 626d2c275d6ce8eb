using System.ComponentModel.DataAnnotations;

namespace Search.Indexer.Writing;

/// <summary>How the index is verified and kept healthy. Bound from <c>Search:Index</c>.</summary>
public sealed class LuceneIndexOptions
{
    public const string SectionName = "Search:Index";

    /// <summary>What is verified before the index is served at start-up.</summary>
    /// <value>
    /// The default is <see cref="IndexStartupCheck.Checksums"/>: every file of the last commit is read once and its
    /// checksum compared (cost grows with the index size; see the README). <see cref="IndexStartupCheck.Full"/> runs
    /// Lucene's CheckIndex (much slower); <see cref="IndexStartupCheck.None"/> only opens the index.
    /// </value>
    [EnumDataType(typeof(IndexStartupCheck))]
    public IndexStartupCheck StartupCheck { get; set; } = IndexStartupCheck.Checksums;

    /// <summary>
    /// The Linux nice value (0–19) of the threads that write, commit, merge and extract harvested documents: on a busy
    /// machine searches run first (<see cref="BackgroundLane"/>).
    /// </summary>
    /// <value>The default is 10; 0 gives that work the same priority as searches.</value>
    [Range(0, 19)]
    public int BackgroundNice { get; set; } = 10;
}

public enum IndexStartupCheck
{
    /// <summary>Open the index without verifying it.</summary>
    None,

    /// <summary>Verify the checksum of every file of the last commit.</summary>
    Checksums,

    /// <summary>Run Lucene's CheckIndex: checksums plus a decode of every posting, stored field and doc value.</summary>
    Full,
}
