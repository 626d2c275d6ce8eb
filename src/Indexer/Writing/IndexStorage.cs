using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>Where the generations of an index live. Only a file-system storage can hold more than one (rebuilds).</summary>
internal abstract class IndexStorage : IDisposable
{
    /// <summary>The name of the generation that lives in the storage's root itself.</summary>
    public const string RootGeneration = ".";

    /// <summary>Where the index lives, for messages.</summary>
    public abstract string Description { get; }

    /// <summary>The current generation; throws <see cref="IndexUnavailableException"/> when the layout is broken.</summary>
    public abstract string Current { get; }

    public virtual bool SupportsGenerations => false;

    public abstract LuceneDirectory Open(string generation);

    /// <summary>Creates an empty directory for a new generation and returns its name.</summary>
    public virtual string CreateGeneration() => throw new NotSupportedException("Rebuilding needs an index on the file system.");

    /// <summary>Makes <paramref name="generation"/> the one opened at the next start (atomically).</summary>
    public virtual void Promote(string generation) => throw new NotSupportedException("Rebuilding needs an index on the file system.");

    public virtual void Delete(string generation)
    {
    }

    public virtual void Dispose()
    {
    }
}

/// <summary>A single directory given by the caller (RAM in tests): one generation, no rebuilds.</summary>
internal sealed class SingleDirectoryStorage(LuceneDirectory directory) : IndexStorage
{
    public override string Description => directory.ToString() ?? nameof(SingleDirectoryStorage);

    public override string Current => RootGeneration;

    public override LuceneDirectory Open(string generation) => directory;
}

/// <summary>
/// The index on disk: <c>root/current</c> names the current generation directory (<c>root/gen-000002</c>, …), written
/// by temp file + rename; without it the index lives in the root itself (the first generation, and the layout of data
/// directories made before rebuilds existed). <c>root/owner.lock</c> is held (native OS lock, freed when the process
/// dies) by the one process that owns the index, so another instance fails fast and start-up clean-up never races a
/// running rebuild. At start every other generation directory is a leftover (an interrupted rebuild, or an old
/// generation whose last search had not ended) and is deleted.
/// </summary>
internal sealed partial class FileSystemIndexStorage : IndexStorage
{
    public const string PointerFile = "current";
    public const string OwnerLockFile = "owner.lock";
    public const string SetAsidePrefix = "set-aside-";

    private readonly string _root;
    private readonly FileStream? _ownerLock;
    private readonly ILogger _logger;
    private readonly Func<LuceneDirectory, LuceneDirectory>? _wrap;
    private string? _current;
    private string? _problem;

    private FileSystemIndexStorage(string root, FileStream? ownerLock, ILogger logger, Func<LuceneDirectory, LuceneDirectory>? wrap)
    {
        _root = root;
        _ownerLock = ownerLock;
        _logger = logger;
        _wrap = wrap;
        (_current, _problem) = ReadPointer(root);
    }

    public override string Description => _root;

    public override string Current => _current ?? throw new IndexUnavailableException(_problem!);

    public override bool SupportsGenerations => true;

    /// <summary>Takes the owner lock (failing fast when another process holds it), then removes leftovers.</summary>
    public static FileSystemIndexStorage Acquire(string root, ILogger logger, Func<LuceneDirectory, LuceneDirectory>? wrap = null)
    {
        root = Path.GetFullPath(root);
        System.IO.Directory.CreateDirectory(root);
        var storage = new FileSystemIndexStorage(root, LockOwner(root), logger, wrap);
        try
        {
            storage.CleanUp();
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An exclusive open of <c>owner.lock</c>: on Linux .NET backs <see cref="FileShare.None"/> with <c>flock(LOCK_EX)</c>,
    /// which excludes other processes and other opens in this one, and which the kernel drops when the process dies.
    /// (Lucene.Net's own NativeFSLockFactory opens its lock file with FileShare.Read, a shared lock on Linux: it only
    /// excludes writers within one process.)
    /// </summary>
    private static FileStream LockOwner(string root)
    {
        try
        {
            return new FileStream(Path.Combine(root, OwnerLockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The index at '{root}' is locked by another writer (another instance of the service, or an index command?). " +
                "Stop it, or point Search:DataDirectory elsewhere.", ex);
        }
    }

    /// <summary>Reads the layout without taking the owner lock or cleaning up (read-only tools).</summary>
    public static FileSystemIndexStorage ReadOnly(string root, ILogger logger) => new(Path.GetFullPath(root), null, logger, null);

    public string PathOf(string generation) => generation == RootGeneration ? _root : Path.Combine(_root, generation);

    public override LuceneDirectory Open(string generation)
    {
        var directory = new PositionalFileDirectory(new DirectoryInfo(PathOf(generation)));
        return _wrap is null ? directory : _wrap(directory);
    }

    public override string CreateGeneration()
    {
        var highest = Math.Max(Number(_current), GenerationDirectories().Select(Number).DefaultIfEmpty(0).Max());
        var name = string.Create(CultureInfo.InvariantCulture, $"gen-{highest + 1:D6}");
        System.IO.Directory.CreateDirectory(PathOf(name));
        return name;
    }

    public override void Promote(string generation)
    {
        var pointer = Path.Combine(_root, PointerFile);
        var temp = pointer + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(generation + "\n"));
            stream.Flush(flushToDisk: true);
        }

        // rename(2): readers see the old or the new pointer, never a torn one.
        File.Move(temp, pointer, overwrite: true);
        _current = generation;
        _problem = null;
    }

    public override void Delete(string generation)
    {
        try
        {
            if (generation == RootGeneration)
            {
                DeleteRootIndexFiles();
            }
            else if (System.IO.Directory.Exists(PathOf(generation)))
            {
                System.IO.Directory.Delete(PathOf(generation), recursive: true);
            }

            LogDeleted(_logger, generation, _root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not fatal: the next start deletes every generation that is not current.
            LogDeleteFailed(_logger, ex, generation, _root);
        }
    }

    /// <summary>
    /// Moves the current generation into <c>set-aside-&lt;stamp&gt;</c> and removes the pointer, so the next start creates an
    /// empty index. Returns the folder it was moved to (null when there was nothing to move).
    /// </summary>
    public string? SetAside(string stamp)
    {
        var target = Path.Combine(_root, SetAsidePrefix + stamp);
        string? moved = null;
        if (_current == RootGeneration)
        {
            var files = System.IO.Directory.EnumerateFiles(_root).Where(f => IsIndexFile(Path.GetFileName(f))).ToList();
            if (files.Count > 0)
            {
                System.IO.Directory.CreateDirectory(target);
                files.ForEach(f => File.Move(f, Path.Combine(target, Path.GetFileName(f))));
                moved = target;
            }
        }
        else if (_current is not null)
        {
            System.IO.Directory.Move(PathOf(_current), target);
            moved = target;
        }

        File.Delete(Path.Combine(_root, PointerFile));
        (_current, _problem) = (RootGeneration, null);
        return moved;
    }

    public override void Dispose() => _ownerLock?.Dispose();

    /// <summary>The current generation named by the pointer file, or the problem that makes it unusable.</summary>
    private static (string? Current, string? Problem) ReadPointer(string root)
    {
        var pointer = Path.Combine(root, PointerFile);
        if (!File.Exists(pointer))
        {
            return (RootGeneration, null);
        }

        var name = File.ReadAllText(pointer).Trim();
        return GenerationName().IsMatch(name) && System.IO.Directory.Exists(Path.Combine(root, name))
            ? (name, null)
            : (null, $"The pointer file '{pointer}' names '{name}', which is not a generation directory of the index. " +
                     "Restore that directory, or run 'index reset' to start an empty index and harvest again.");
    }

    private void CleanUp()
    {
        File.Delete(Path.Combine(_root, PointerFile + ".tmp"));
        if (_current is null)
        {
            // The pointer is broken: delete nothing, the operator decides.
            return;
        }

        foreach (var generation in GenerationDirectories().Where(g => g != _current))
        {
            LogLeftover(_logger, generation, _root);
            Delete(generation);
        }

        if (_current != RootGeneration && System.IO.Directory.EnumerateFiles(_root).Any(f => IsIndexFile(Path.GetFileName(f))))
        {
            LogLeftover(_logger, RootGeneration, _root);
            Delete(RootGeneration);
        }
    }

    private IEnumerable<string> GenerationDirectories() =>
        System.IO.Directory.EnumerateDirectories(_root).Select(Path.GetFileName).OfType<string>().Where(n => GenerationName().IsMatch(n));

    private void DeleteRootIndexFiles()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(_root).Where(f => IsIndexFile(Path.GetFileName(f))))
        {
            File.Delete(file);
        }
    }

    /// <summary>Files Lucene writes into an index directory (segments_N, segments.gen, _0.cfs, …, write.lock).</summary>
    private static bool IsIndexFile(string name) =>
        name.StartsWith("segments", StringComparison.Ordinal) || name.StartsWith('_') || name == "write.lock";

    private static int Number(string? generation) =>
        generation is not null && GenerationName().IsMatch(generation) ? int.Parse(generation.AsSpan(4), CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^gen-[0-9]{6}$")]
    private static partial Regex GenerationName();

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Index generation '{Generation}' in {Root} is not current (an interrupted rebuild or an old generation): deleting it")]
    private static partial void LogLeftover(ILogger logger, string generation, string root);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Index generation '{Generation}' in {Root} deleted")]
    private static partial void LogDeleted(ILogger logger, string generation, string root);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Index generation '{Generation}' in {Root} could not be deleted; the next start retries")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string generation, string root);
}
