using Lucene.Net.Index;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.Cli.Faults;

/// <summary>What a read-only look at an index directory found: Lucene's CheckIndex verdict and the ids of the live documents.</summary>
/// <param name="Clean">CheckIndex found no problem.</param>
/// <param name="Segments">Segments in the last commit.</param>
/// <param name="Problem">CheckIndex's summary of what is wrong, or the exception that stopped reading; null when clean.</param>
/// <param name="Ids">Ids of the live documents of the last commit.</param>
public sealed record IndexInspection(bool Clean, int Segments, string? Problem, IReadOnlySet<string> Ids)
{
    /// <summary>Runs CheckIndex (read-only: it never repairs) and reads the ids of the last commit, without taking the write lock.</summary>
    public static IndexInspection Of(string indexPath)
    {
        using var directory = new PositionalFileDirectory(new DirectoryInfo(indexPath));
        CheckIndex.Status status;
        try
        {
            status = new CheckIndex(directory).DoCheckIndex();
        }
        catch (Exception ex) when (ex is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException)
        {
            return new IndexInspection(false, 0, $"{ex.GetType().Name}: {ex.Message}", new HashSet<string>());
        }

        if (!status.Clean)
        {
            var problem = status.MissingSegments ? "no segments file"
                : status.CantOpenSegments ? "segments file unreadable"
                : $"{status.NumBadSegments} bad segments";
            return new IndexInspection(false, status.NumSegments, problem, new HashSet<string>());
        }

        using var reader = DirectoryReader.Open(directory);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var fields = new HashSet<string> { IndexFields.Id };
        foreach (var leaf in reader.Leaves)
        {
            var live = leaf.AtomicReader.LiveDocs;
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                if (live is null || live.Get(doc))
                {
                    ids.Add(leaf.AtomicReader.Document(doc, fields).Get(IndexFields.Id));
                }
            }
        }

        return new IndexInspection(true, status.NumSegments, null, ids);
    }
}
