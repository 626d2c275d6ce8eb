using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Writing;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Cli.Faults;

/// <summary>
/// Row 31 of docs/reliability.md: a process killed while it creates a new index. The child opens a new index with
/// the service's <see cref="LuceneIndex"/> (whose constructor writes the first, empty commit) over a directory that
/// stops the process at one step of that commit, prints <c>paused at …</c> and waits to be killed. Each step leaves a
/// different state on disk, as a kill at that moment would.
/// </summary>
public static class FirstCommitPause
{
    /// <summary>The steps of Lucene's first commit at which the child can be stopped, in the order they happen.</summary>
    public static readonly IReadOnlyList<string> Points =
    [
        "before-segments",      // segments_1 not created yet: only write.lock on disk
        "segments-empty",       // segments_1 created, nothing written to it
        "segments-unfinished",  // segments_1 written up to its checksum footer (prepareCommit done, finishCommit under way)
        "segments-unsynced",    // segments_1 complete but not fsynced
        "segments-gen",         // about to write segments.gen: the commit itself is complete
    ];

    public const string PausedPrefix = "paused at ";

    public static int Run(string indexPath, string point)
    {
        if (!Points.Contains(point))
        {
            Console.Error.WriteLine($"faults first-commit: --pause-at must be one of {string.Join(", ", Points)}, was '{point}'.");
            return 2;
        }

        if (System.IO.Directory.Exists(indexPath) && System.IO.Directory.EnumerateFileSystemEntries(indexPath).Any())
        {
            Console.Error.WriteLine($"faults first-commit: '{indexPath}' is not empty; this needs a new index.");
            return 2;
        }

        System.IO.Directory.CreateDirectory(indexPath);
        using var index = new LuceneIndex(new PausingDirectory(new PositionalFileDirectory(new DirectoryInfo(indexPath)), point), NullLogger<LuceneIndex>.Instance);
        Console.Error.WriteLine($"faults first-commit: the first commit completed without reaching '{point}'.");
        return 1;
    }

    private static void Pause(string point)
    {
        Console.Out.WriteLine(PausedPrefix + point);
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    }

    private sealed class PausingDirectory(LuceneDirectory inner, string point) : FilterDirectory(inner)
    {
        public override IndexOutput CreateOutput(string name, IOContext context)
        {
            if (IsFirstSegmentsFile(name) && point == "before-segments")
            {
                Pause(point);
            }

            if (name == "segments.gen" && point == "segments-gen")
            {
                Pause(point);
            }

            var output = base.CreateOutput(name, context);
            if (IsFirstSegmentsFile(name))
            {
                if (point == "segments-empty")
                {
                    Pause(point);
                }

                if (point == "segments-unfinished")
                {
                    return new PausingOutput(output, point);
                }
            }

            return output;
        }

        public override void Sync(ICollection<string> names)
        {
            if (point == "segments-unsynced" && names.Any(IsFirstSegmentsFile))
            {
                Pause(point);
            }

            base.Sync(names);
        }

        private static bool IsFirstSegmentsFile(string name) => name == "segments_1";
    }

    /// <summary>Pauses when the checksum is asked for: the footer is being written, everything before it reached the OS.</summary>
    private sealed class PausingOutput(IndexOutput inner, string point) : IndexOutput
    {
        public override long Checksum
        {
            get
            {
                inner.Flush();
                Pause(point);
                return inner.Checksum;
            }
        }

        public override long Position => inner.Position;

        public override long Length => inner.Length;

        public override void Flush() => inner.Flush();

        public override void WriteByte(byte b) => inner.WriteByte(b);

        public override void WriteBytes(byte[] b, int offset, int length) => inner.WriteBytes(b, offset, length);

        [Obsolete("Only for the abstract member of IndexOutput.")]
        public override void Seek(long pos) => inner.Seek(pos);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
        }
    }
}
