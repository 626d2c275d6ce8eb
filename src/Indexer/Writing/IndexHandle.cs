using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Indexer.Analysis;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>
/// One generation directory of the index, shared by the handles opened on it (a writer reopened after a fault opens a
/// new handle on the same directory). Closed, and deleted when asked, once the last handle is released.
/// </summary>
internal sealed class GenerationDirectory(string name, LuceneDirectory directory, Action<string>? delete)
{
    private int _handles;

    public string Name { get; } = name;

    /// <summary>The record of this generation's intact files (file-system generations only).</summary>
    public VerifiedFiles? Verified { get; set; }

    public LuceneDirectory Directory { get; } = directory;

    /// <summary>Set when a rebuild replaced this generation: its files go when the last search on it ends.</summary>
    public bool DeleteWhenClosed { get; set; }

    public void AddHandle() => Interlocked.Increment(ref _handles);

    public void ReleaseHandle()
    {
        if (Interlocked.Decrement(ref _handles) != 0)
        {
            return;
        }

        Directory.Dispose();
        if (DeleteWhenClosed)
        {
            delete?.Invoke(Name);
        }
    }

    public long SizeInBytes()
    {
        long bytes = 0;
        foreach (var file in Directory.ListAll())
        {
            try
            {
                bytes += Directory.FileLength(file);
            }
            catch (FileNotFoundException)
            {
                // Deleted by a merge between listing and measuring.
            }
        }

        return bytes;
    }
}

/// <summary>
/// A writer and the searcher manager over it, reference counted: searches hold a reference while they run, so a
/// handle replaced by a fault recovery or a rebuild closes only after the last running search has released it.
/// The writer is closed by <see cref="LuceneIndex"/> (rolled back or committed) when the handle is replaced.
/// </summary>
internal sealed class IndexHandle
{
    private int _references = 1;

    public IndexHandle(GenerationDirectory generation, IndexWriter writer, SearcherManager searchers, Analyzer analyzer, DutchLayoutAnalyzer? layout)
    {
        Generation = generation;
        Writer = writer;
        Searchers = searchers;
        Analyzer = analyzer;
        Layout = layout;
        generation.AddHandle();
    }

    public GenerationDirectory Generation { get; }

    public IndexWriter Writer { get; }

    public SearcherManager Searchers { get; }

    /// <summary>The index-time analyzer the writer uses.</summary>
    public Analyzer Analyzer { get; }

    /// <summary>Where <see cref="Analyzer"/>'s Dutch chain puts its tokens (null with the stock analyzer).</summary>
    public DutchLayoutAnalyzer? Layout { get; }

    /// <summary>Takes a reference unless the handle is already closing.</summary>
    public bool TryAddReference()
    {
        while (true)
        {
            var references = Volatile.Read(ref _references);
            if (references == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
            {
                return true;
            }
        }
    }

    /// <summary>Releases a reference (the owner's when retired); the last one closes the searchers and the directory.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Searchers.Dispose();
            Generation.ReleaseHandle();
        }
    }
}

/// <summary>A searcher acquired from the <see cref="SearcherManager"/>; released on dispose.</summary>
public sealed class SearcherLease : IDisposable
{
    private int _released;

    internal SearcherLease(IndexHandle handle, IndexSearcher searcher)
    {
        Handle = handle;
        Searcher = searcher;
    }

    public IndexSearcher Searcher { get; }

    /// <summary>
    /// Where the Dutch chain that indexed this searcher's documents puts its tokens (<see cref="DutchLayoutAnalyzer"/>),
    /// for marking words where the index holds them; null with the stock analyzer.
    /// </summary>
    public DutchLayoutAnalyzer? Layout => Handle.Layout;

    internal IndexHandle Handle { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Handle.Searchers.Release(Searcher);
            Handle.Release();
        }
    }
}
