using System.Buffers;
using System.Diagnostics;
using System.IO.Hashing;
using Lucene.Net.Codecs;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>The outcome of verifying an index.</summary>
/// <param name="Healthy">True when nothing was wrong.</param>
/// <param name="Segments">Segments of the last commit (0 when it could not be read).</param>
/// <param name="Documents">Live documents of the last commit.</param>
/// <param name="Bytes">Bytes read (the size of the index files).</param>
/// <param name="Elapsed">How long the verification took.</param>
/// <param name="Problem">What was wrong (null when healthy).</param>
public sealed record IndexCheckResult(bool Healthy, int Segments, int Documents, long Bytes, TimeSpan Elapsed, string? Problem);

/// <summary>Verifies an index directory: checksums of the last commit (at start-up), or Lucene's CheckIndex (the CLI).</summary>
public static class IndexIntegrity
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Verifies the checksum footer of every file of the last commit (segments file, compound files, postings, stored
    /// fields, norms, doc values, deletions): each file is read once and its CRC-32 compared with the one Lucene wrote
    /// at its end. Same guarantee as <c>AtomicReader.CheckIntegrity</c> (plus the files it skips), but hashed with the
    /// vectorised <see cref="Crc32"/>: about ten times faster than Lucene.Net's checksum input (see README).
    /// </summary>
    public static IndexCheckResult VerifyChecksums(LuceneDirectory directory) => VerifyChecksums(directory, skip: null, CancellationToken.None);

    /// <summary>
    /// As <see cref="VerifyChecksums(LuceneDirectory)"/>, without the files in <paramref name="skip"/>; with
    /// <paramref name="only"/> true, just those of them still in the last commit, one at a time: a background pass beside a
    /// working writer, which leaves the cores to searches and skips a file that a newer commit or a merge deleted meanwhile
    /// (it is no longer served).
    /// </summary>
    public static IndexCheckResult VerifyChecksums(LuceneDirectory directory, IReadOnlySet<string>? skip, CancellationToken cancellationToken, bool only = false)
    {
        var started = Stopwatch.GetTimestamp();
        long bytes = 0;
        try
        {
            var commit = new SegmentInfos();
            commit.Read(directory);

            // Files are independent: as many at once as there are cores, the largest first so that none is left alone at the end.
            var files = commit.GetFiles(directory, includeSegmentsFile: true)
                .Where(file => skip is null || skip.Contains(file) == only)
                .OrderByDescending(file => LengthOrZero(directory, file)).ToList();
            Parallel.ForEach(
                files,
                new ParallelOptions { MaxDegreeOfParallelism = only ? 1 : Environment.ProcessorCount, CancellationToken = cancellationToken },
                () => ArrayPool<byte>.Shared.Rent(BufferSize),
                (file, _, buffer) =>
                {
                    Interlocked.Add(ref bytes, VerifyFile(directory, file, buffer, skipGone: only, cancellationToken));
                    return buffer;
                },
                buffer => ArrayPool<byte>.Shared.Return(buffer));

            var documents = commit.Segments.Sum(s => s.Info.DocCount - s.DelCount);
            return new IndexCheckResult(true, commit.Count, documents, bytes, Stopwatch.GetElapsedTime(started), null);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(inner => inner is not OutOfMemoryException and not OperationCanceledException))
        {
            // Whatever a damaged file makes the codec throw (CorruptIndexException, EndOfStreamException, …) means "do not serve".
            var first = ex.InnerExceptions[0];
            return new IndexCheckResult(false, 0, 0, bytes, Stopwatch.GetElapsedTime(started), $"{first.GetType().Name}: {first.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not AggregateException and not OperationCanceledException)
        {
            return new IndexCheckResult(false, 0, 0, bytes, Stopwatch.GetElapsedTime(started), $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Checks one file's footer (magic, algorithm, CRC-32 of everything before the stored checksum); returns its length.</summary>
    private static long VerifyFile(LuceneDirectory directory, string name, byte[] buffer, bool skipGone, CancellationToken cancellationToken)
    {
        IndexInput input;
        try
        {
            input = directory.OpenInput(name, IOContext.READ_ONCE);
        }
        catch (Exception ex) when (skipGone && ex is FileNotFoundException or DirectoryNotFoundException && !CommitFiles(directory).Contains(name))
        {
            return 0; // deleted by a newer commit or a merge since the commit was read: no longer served (an input opened before keeps reading a deleted file)
        }

        using var _ = input;
        var length = input.Length;
        if (length < CodecUtil.FooterLength())
        {
            throw new CorruptIndexException($"'{name}' is too short ({length} bytes) to end with a checksum footer.");
        }

        var crc = new Crc32();
        for (var remaining = length - sizeof(long); remaining > 0;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = (int)Math.Min(buffer.Length, remaining);
            input.ReadBytes(buffer, 0, count);
            crc.Append(buffer.AsSpan(0, count));
            remaining -= count;
        }

        var stored = input.ReadInt64();
        input.Seek(length - CodecUtil.FooterLength());
        var magic = input.ReadInt32();
        var algorithm = input.ReadInt32();
        if (magic != CodecUtil.FOOTER_MAGIC || algorithm != 0)
        {
            throw new CorruptIndexException($"'{name}' does not end with a checksum footer (magic {magic:x8}, algorithm {algorithm}).");
        }

        var actual = (long)crc.GetCurrentHashAsUInt32();
        if (actual != stored)
        {
            throw new CorruptIndexException($"checksum mismatch in '{name}': stored {stored:x8}, computed {actual:x8}.");
        }

        return length;
    }

    /// <summary>The file's length, or 0 when it is gone (it is then skipped or reported when opened).</summary>
    private static long LengthOrZero(LuceneDirectory directory, string file)
    {
        try
        {
            return directory.FileLength(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>The files of the last commit, its segments file included.</summary>
    public static IReadOnlyList<string> CommitFiles(LuceneDirectory directory)
    {
        var commit = new SegmentInfos();
        commit.Read(directory);
        return commit.GetFiles(directory, includeSegmentsFile: true).ToList();
    }

    /// <summary>Runs Lucene's CheckIndex (every byte read and decoded), writing its report to <paramref name="output"/>.</summary>
    public static IndexCheckResult CheckIndex(LuceneDirectory directory, TextWriter? output)
    {
        var started = Stopwatch.GetTimestamp();
        var status = Check(directory, output);
        var documents = status.SegmentInfos.Sum(s => s.DocCount - s.NumDeleted);
        var problem = status.Clean ? null : Describe(status);
        return new IndexCheckResult(status.Clean, status.NumSegments, documents, Bytes(directory), Stopwatch.GetElapsedTime(started), problem);
    }

    /// <summary>Lucene's CheckIndex status (for <see cref="IndexMaintenance.Repair"/>).</summary>
    internal static CheckIndex.Status Check(LuceneDirectory directory, TextWriter? output)
    {
        var check = new CheckIndex(directory) { InfoStream = output };
        return check.DoCheckIndex();
    }

    internal static string Describe(CheckIndex.Status status) =>
        status.MissingSegments ? "The segments file of the last commit is missing or unreadable."
        : status.CantOpenSegments ? "The segments file of the last commit cannot be opened."
        : $"{status.NumBadSegments} of {status.NumSegments} segments are broken ({status.TotLoseDocCount} documents in them).";

    /// <summary>
    /// True when the directory holds commit files but no segment data: a crash during the very first commit
    /// (LUCENE-4738) can leave such a torn, empty index, which is safe to create anew.
    /// </summary>
    internal static bool HoldsNoSegmentData(LuceneDirectory directory) => !directory.ListAll().Any(f => f.StartsWith('_'));

    private static long Bytes(LuceneDirectory directory)
    {
        long bytes = 0;
        foreach (var file in directory.ListAll())
        {
            try
            {
                bytes += directory.FileLength(file);
            }
            catch (IOException)
            {
                // Deleted in the meantime.
            }
        }

        return bytes;
    }
}
