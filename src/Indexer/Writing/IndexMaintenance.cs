using Lucene.Net.Index;
using Microsoft.Extensions.Logging;

namespace Search.Indexer.Writing;

/// <summary>The outcome of <see cref="IndexMaintenance.Repair"/>.</summary>
/// <param name="WasClean">True when CheckIndex found nothing wrong (nothing was changed).</param>
/// <param name="Repaired">True when broken segments were removed and a new commit written.</param>
/// <param name="DocumentsLost">Documents in the removed segments (the next harvests fetch them again).</param>
/// <param name="Message">What happened, for the operator.</param>
public sealed record IndexRepairResult(bool WasClean, bool Repaired, int DocumentsLost, string Message);

/// <summary>
/// Offline operations on an index directory (<c>Search:DataDirectory/index</c>) for the CLI. Repair and reset take the
/// index's owner lock, so they refuse to run while the service (or another command) has the index open.
/// </summary>
public static class IndexMaintenance
{
    /// <summary>The directory of the current generation.</summary>
    public static string CurrentPath(string root, ILogger logger)
    {
        var storage = FileSystemIndexStorage.ReadOnly(root, logger);
        return storage.PathOf(storage.Current);
    }

    /// <summary>
    /// Verifies the current generation without taking the lock (the service may be running: a commit made during the
    /// check can then show up as a missing file; run it again). <paramref name="full"/> runs CheckIndex, else checksums.
    /// </summary>
    public static IndexCheckResult Check(string root, bool full, TextWriter? output, ILogger logger)
    {
        using var directory = new PositionalFileDirectory(new DirectoryInfo(CurrentPath(root, logger)));
        if (!DirectoryReader.IndexExists(directory))
        {
            return new IndexCheckResult(false, 0, 0, 0, TimeSpan.Zero, $"There is no index in '{directory.Directory.FullName}'.");
        }

        return full ? IndexIntegrity.CheckIndex(directory, output) : IndexIntegrity.VerifyChecksums(directory);
    }

    /// <summary>
    /// Runs CheckIndex and, when segments are broken, removes them and writes a new commit (Lucene's "exorcise"): the
    /// documents in them are lost from the index, and because the harvest only skips documents the index really
    /// holds, the next harvest of each source fetches them again. Throws when the commit itself is unreadable (use
    /// <see cref="Reset"/> then).
    /// </summary>
    public static IndexRepairResult Repair(string root, TextWriter? output, ILogger logger)
    {
        using var storage = FileSystemIndexStorage.Acquire(root, logger);
        using var directory = storage.Open(storage.Current);
        var status = IndexIntegrity.Check(directory, output);
        if (status.Clean)
        {
            return new IndexRepairResult(true, false, 0, "CheckIndex found no problems; nothing changed.");
        }

        if (status.MissingSegments || status.CantOpenSegments)
        {
            throw new InvalidOperationException($"{IndexIntegrity.Describe(status)} It cannot be repaired: reset the index and harvest again.");
        }

        new CheckIndex(directory).FixIndex(status);
        return new IndexRepairResult(false, true, status.TotLoseDocCount,
            $"Removed {status.NumBadSegments} broken segments holding {status.TotLoseDocCount} documents; the next harvests fetch them again.");
    }

    /// <summary>
    /// Moves the current generation aside (<c>set-aside-&lt;time&gt;</c> in the index folder, kept for inspection) so that the
    /// next start creates an empty index and harvests every source again. Returns where it was moved (null when empty).
    /// </summary>
    public static string? Reset(string root, TimeProvider time, ILogger logger)
    {
        using var storage = FileSystemIndexStorage.Acquire(root, logger);
        return storage.SetAside($"{time.GetUtcNow():yyyyMMddTHHmmss}");
    }
}
