using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Search.Indexer.Writing;

/// <summary>
/// Lucene's own 4.6 codec, file for file, with a faster reader of stored fields: the same name ("Lucene46"), the same
/// formats and bytes on disk, so an index stays readable by stock Lucene.Net and the other way round. Only the decoding
/// of stored-field chunks differs (<see cref="Lz4Block"/> over bytes read in one go, instead of a virtual call per token).
/// <see cref="Install"/> makes Lucene use it for every index this process opens or writes.
/// </summary>
[CodecName("Lucene46")]
public sealed class IndexCodec : FilterCodec
{
    /// <summary>Lucene 4.1's stored fields: LZ4 (fast) in chunks of 16 KB, under the format name its files carry.</summary>
    private static readonly StoredFieldsFormat StoredFields = new CompressingStoredFieldsFormat("Lucene41StoredFields", BulkLz4.Instance, 1 << 14);

    private static readonly System.Threading.Lock InstallLock = new();
    private static bool _installed;

    public IndexCodec()
        : base(new Lucene46Codec())
    {
    }

    public override StoredFieldsFormat StoredFieldsFormat => StoredFields;

    /// <summary>
    /// Makes "Lucene46" mean this codec for reading and writing, in this process (idempotent). Call it before the first
    /// index is opened: segments opened before keep the stock reader, which reads the same files.
    /// </summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }

            Codec.SetCodecFactory(new Factory());
            Codec.Default = Codec.ForName("Lucene46");
            _installed = true;
        }
    }

    private sealed class Factory : DefaultCodecFactory
    {
        protected override void Initialize()
        {
            base.Initialize();
            PutCodecType(typeof(IndexCodec));
        }
    }
}

/// <summary>
/// Lucene's fast LZ4 mode: compresses exactly as <see cref="CompressionMode.FAST"/> does; decompresses the same bytes with
/// <see cref="Lz4Block"/>. One instance, so that merges see the same mode on both sides and copy chunks without
/// recompressing them.
/// </summary>
internal sealed class BulkLz4 : CompressionMode
{
    public static readonly BulkLz4 Instance = new();

    private BulkLz4()
    {
    }

    public override Compressor NewCompressor() => FAST.NewCompressor();

    public override Decompressor NewDecompressor() => new BulkLz4Decompressor();

    public override string ToString() => "BULK_LZ4_FAST";
}

/// <summary>
/// Reads the compressed bytes of a chunk from the index input in one call, decodes them in memory, and puts the input
/// where Lucene's decoder would have left it (the end of what the block used). Other inputs than file reads with a
/// buffer (such as the checksumming input of a merge, which cannot seek back) are decoded as Lucene does.
/// </summary>
internal sealed class BulkLz4Decompressor : Decompressor
{
    /// <summary>Padding Lucene's decoder adds to the output (kept so that outputs are sized alike).</summary>
    private const int Padding = 7;

    private byte[] _source = [];

    public override void Decompress(DataInput input, int originalLength, int offset, int length, BytesRef bytes)
    {
        if (bytes.Bytes.Length < originalLength + Padding)
        {
            bytes.Bytes = new byte[ArrayUtil.Oversize(originalLength + Padding, 1)];
        }

        var wanted = offset + length;
        var written = input is BufferedIndexInput index
            ? Decode(index, wanted, bytes.Bytes)
            : LZ4.Decompress(input, wanted, bytes.Bytes, 0);
        if (written > originalLength)
        {
            throw new CorruptIndexException($"Corrupted: lengths mismatch: {written} > {originalLength} (resource={input})");
        }

        bytes.Offset = offset;
        bytes.Length = length;
    }

    public override object Clone() => new BulkLz4Decompressor();

    private int Decode(IndexInput input, int wanted, byte[] destination)
    {
        var start = input.Position;
        var available = input.Length - start;

        // Text compresses to about half; a block of random bytes grows by 1/255 at most, plus its last literals.
        var read = (int)Math.Min(available, wanted + (wanted >> 6) + 64);
        while (true)
        {
            if (_source.Length < read)
            {
                _source = new byte[ArrayUtil.Oversize(read, 1)];
            }

            input.ReadBytes(_source, 0, read);
            int written;
            try
            {
                written = Lz4Block.Decode(_source.AsSpan(0, read), destination, wanted, out var consumed);
                if (written != Lz4Block.NeedsMoreInput)
                {
                    input.Seek(start + consumed);
                    return written;
                }
            }
            catch (InvalidDataException ex)
            {
                throw new CorruptIndexException($"{ex.Message} (resource={input})", ex);
            }

            if (read == available)
            {
                throw new CorruptIndexException($"Corrupted: the LZ4 block ends past the end of the file (resource={input})");
            }

            read = (int)Math.Min(available, (long)read * 2);
            input.Seek(start);
        }
    }
}
