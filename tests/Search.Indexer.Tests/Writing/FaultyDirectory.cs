using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// A real directory (RAM or NIOFS) whose writes fail like a full disk while a switch is on: creating a file, writing
/// to one already open, and fsync all throw <c>IOException("No space left on device")</c>. <see cref="FailMerges"/>
/// fails only the files a background merge writes.
/// </summary>
internal sealed class FaultyDirectory(LuceneDirectory inner) : FilterDirectory(inner)
{
    public const string Message = "No space left on device";

    private volatile bool _diskFull;
    private volatile bool _failMerges;

    public bool DiskFull
    {
        get => _diskFull;
        set => _diskFull = value;
    }

    public bool FailMerges
    {
        get => _failMerges;
        set => _failMerges = value;
    }

    /// <summary>How many writes were refused (so a test knows the fault really happened).</summary>
    public int Refused => Volatile.Read(ref _refused);

    private int _refused;

    public override IndexOutput CreateOutput(string name, IOContext context)
    {
        var merge = context.Context == IOContext.UsageContext.MERGE;
        ThrowIfFull(merge);
        return new FaultyOutput(base.CreateOutput(name, context), this, merge);
    }

    public override void Sync(ICollection<string> names)
    {
        ThrowIfFull(merge: false);
        base.Sync(names);
    }

    private void ThrowIfFull(bool merge)
    {
        if (_diskFull || (merge && _failMerges))
        {
            Interlocked.Increment(ref _refused);
            throw new IOException(Message);
        }
    }

    private sealed class FaultyOutput(IndexOutput inner, FaultyDirectory owner, bool merge) : IndexOutput
    {
        public override long Position => inner.Position;

        public override long Checksum => inner.Checksum;

        public override long Length
        {
            get => inner.Length;
            set => inner.Length = value;
        }

        public override void WriteByte(byte b)
        {
            owner.ThrowIfFull(merge);
            inner.WriteByte(b);
        }

        public override void WriteBytes(byte[] b, int offset, int length)
        {
            owner.ThrowIfFull(merge);
            inner.WriteBytes(b, offset, length);
        }

        public override void Flush()
        {
            owner.ThrowIfFull(merge);
            inner.Flush();
        }

        [Obsolete("(4.1) this method will be removed in Lucene 5.0")]
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
