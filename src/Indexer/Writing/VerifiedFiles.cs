using System.Globalization;
using Lucene.Net.Codecs;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>
/// The record of index files known to be intact (<c>verified-files.tsv</c> in the generation directory): files whose
/// checksum was verified, and files this service wrote and committed itself. Index files never change once written, so
/// a file that still has its recorded length, modification time and stored checksum need not be read in full before the
/// index is served: it is verified in the background instead (see <see cref="LuceneIndex"/>), while new, changed or
/// unrecorded files are verified before serving.
/// </summary>
/// <remarks>
/// A modification time is trusted only when it lies <see cref="Margin"/> before the record was written: a file changed
/// after that always gets a later time, even on a file system with coarse (up to one second) timestamps. Only plain
/// file-system directories (also wrapped in a <see cref="FilterDirectory"/>) have a record; any other directory is verified in full each time.
/// </remarks>
public sealed class VerifiedFiles
{
    /// <summary>The record's file name: no Lucene file pattern, so the index writer never deletes it.</summary>
    public const string FileName = "verified-files.tsv";

    private const string Header = "# kennisbank verified index files v1";

    /// <summary>How much older than the record a file's modification time must be to be trusted.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly System.Threading.Lock _lock = new();
    private Dictionary<string, FileStamp> _known;

    private VerifiedFiles(string folder, TimeProvider time, Dictionary<string, FileStamp> known)
    {
        _folder = folder;
        _time = time;
        _known = known;
    }

    /// <summary>What identifies an unchanged index file: its length, modification time (UTC ticks) and stored checksum.</summary>
    public readonly record struct FileStamp(long Length, long ModifiedTicks, long Checksum);

    /// <summary>The record of a file-system directory (empty when there is none or it cannot be read); null for any other directory.</summary>
    public static VerifiedFiles? For(LuceneDirectory directory, TimeProvider time) => directory switch
    {
        FSDirectory fs => new VerifiedFiles(fs.Directory.FullName, time, Read(Path.Combine(fs.Directory.FullName, FileName))),
        FilterDirectory filter => For(filter.Delegate, time),
        _ => null,
    };

    /// <summary>
    /// The files among <paramref name="files"/> that are recorded and unchanged: they need no verification before serving.
    /// </summary>
    public IReadOnlySet<string> Unchanged(IEnumerable<string> files)
    {
        lock (_lock)
        {
            return files.Where(file => _known.TryGetValue(file, out var recorded) && Stamp(file, known: null) == recorded).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Records <paramref name="files"/> (those of the current commit) as intact, with their stamps now; files recorded before
    /// and not named are dropped. Never throws for an I/O problem: without a record the next start verifies everything.
    /// </summary>
    public void Record(IEnumerable<string> files)
    {
        lock (_lock)
        {
            try
            {
                var recordedAt = _time.GetUtcNow().UtcDateTime.Ticks;
                var known = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    // A file stamped close to the record's time could change later within its timestamp's resolution.
                    if (Stamp(file, _known.TryGetValue(file, out var recorded) ? recorded : null) is { } stamp && stamp.ModifiedTicks < recordedAt - Margin.Ticks)
                    {
                        known[file] = stamp;
                    }
                }

                var lines = new List<string> { Header + "\t" + recordedAt.ToString(CultureInfo.InvariantCulture) };
                lines.AddRange(known.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => string.Join('\t',
                    k.Key,
                    k.Value.Length.ToString(CultureInfo.InvariantCulture),
                    k.Value.ModifiedTicks.ToString(CultureInfo.InvariantCulture),
                    k.Value.Checksum.ToString("x", CultureInfo.InvariantCulture))));
                var path = Path.Combine(_folder, FileName);
                var temporary = path + ".tmp";
                File.WriteAllLines(temporary, lines);
                File.Move(temporary, path, overwrite: true);
                _known = known;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The record is an optimisation only.
            }
        }
    }

    /// <summary>
    /// The file's stamp now, or null when it is gone or too short to hold a checksum footer. A <paramref name="known"/>
    /// stamp with the same length and time is taken as it is (each commit re-records every file of the index: only the
    /// new ones need their footer read).
    /// </summary>
    private FileStamp? Stamp(string file, FileStamp? known)
    {
        try
        {
            var info = new FileInfo(Path.Combine(_folder, file));
            if (!info.Exists || info.Length < CodecUtil.FooterLength())
            {
                return null;
            }

            if (known is { } same && same.Length == info.Length && same.ModifiedTicks == info.LastWriteTimeUtc.Ticks)
            {
                return same;
            }

            using var handle = File.OpenHandle(info.FullName);
            Span<byte> stored = stackalloc byte[sizeof(long)];
            RandomAccess.Read(handle, stored, info.Length - sizeof(long));
            return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(stored));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The recorded stamps whose modification time lies the margin before the record; anything unreadable gives none.</summary>
    private static Dictionary<string, FileStamp> Read(string path)
    {
        var known = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists(path))
            {
                return known;
            }

            var lines = File.ReadAllLines(path);
            if (lines.Length == 0 || !lines[0].StartsWith(Header + "\t", StringComparison.Ordinal)
                || !long.TryParse(lines[0][(Header.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var recordedAt))
            {
                return known;
            }

            foreach (var line in lines.Skip(1))
            {
                var fields = line.Split('\t');
                if (fields.Length == 4
                    && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var modified)
                    && long.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var checksum)
                    && modified < recordedAt - Margin.Ticks)
                {
                    known[fields[0]] = new FileStamp(length, modified, checksum);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            known.Clear();
        }

        return known;
    }
}
