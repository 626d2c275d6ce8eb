using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using Search.Indexer.Tests.Analysis;
using Search.Indexer.Writing;
using Search.TestKit;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// <see cref="PositionalFileDirectory"/> reads exactly what Lucene.Net's <see cref="NIOFSDirectory"/> reads (plain files,
/// clones, compound-file slices), from many threads at once, with Lucene's end-of-file and closing rules; an index
/// written and searched through it gives the same results.
/// </summary>
public sealed class PositionalFileDirectoryTests
{
    private const string File1 = "data.bin";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1024)]
    [InlineData(4096)]
    [InlineData(8192)]
    public void Should_read_the_same_bytes_as_NIOFSDirectory_for_random_seeks_reads_and_clones(int bufferSize)
    {
        using var temp = new TempDirectory();
        var content = WriteRandomFile(temp.Path, File1, 100_003, seed: bufferSize);
        using var ours = new PositionalFileDirectory(new DirectoryInfo(temp.Path), bufferSize, bufferSize);
        using var stock = new NIOFSDirectory(new DirectoryInfo(temp.Path));
        using var actual = ours.OpenInput(File1, IOContext.DEFAULT);
        using var expected = stock.OpenInput(File1, IOContext.DEFAULT);

        Assert.Equal(content.Length, actual.Length);
        ReadAlike(content, expected, actual, new Random(bufferSize), operations: 4000);
    }

    [Fact]
    public void Should_read_the_same_slices_of_a_real_compound_file_as_NIOFSDirectory()
    {
        using var temp = new TempDirectory();
        using (var writing = new PositionalFileDirectory(new DirectoryInfo(temp.Path)))
        {
            WriteIndex(writing, documents: 90, maxBufferedDocs: 1000);
        }

        var compound = System.IO.Directory.GetFiles(temp.Path, "*.cfs").Select(Path.GetFileName).OfType<string>().Single();
        var bytes = File.ReadAllBytes(Path.Combine(temp.Path, compound));
        using var ours = new PositionalFileDirectory(new DirectoryInfo(temp.Path), 64, 64);
        using var stock = new NIOFSDirectory(new DirectoryInfo(temp.Path));
        using var oursCompound = new CompoundFileDirectory(ours, compound, IOContext.DEFAULT, false);
        using var stockCompound = new CompoundFileDirectory(stock, compound, IOContext.DEFAULT, false);
        var random = new Random(42);

        var names = stockCompound.ListAll();
        Assert.Equal(names, oursCompound.ListAll());
        Assert.Contains(names, n => n.EndsWith(".fdt", StringComparison.Ordinal));
        foreach (var name in names)
        {
            using var expected = stockCompound.OpenInput(name, IOContext.DEFAULT);
            using var actual = oursCompound.OpenInput(name, IOContext.DEFAULT);
            Assert.Equal(expected.Length, actual.Length);
            var content = new byte[expected.Length];
            expected.ReadBytes(content, 0, content.Length);
            expected.Seek(0);

            // The slice is the file's bytes at some offset of the compound file, read directly from there.
            Assert.True(IndexOf(bytes, content) >= 0, $"{name} is not a range of {compound}");
            ReadAlike(content, expected, actual, random, operations: 300);
        }
    }

    [Fact]
    public void Should_not_read_a_slice_beyond_its_end_even_where_the_file_goes_on()
    {
        using var temp = new TempDirectory();
        var content = WriteRandomFile(temp.Path, File1, 10_000, seed: 1);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path), 16, 16);
        using var slicer = directory.CreateSlicer(File1, IOContext.DEFAULT);
        using var slice = slicer.OpenSlice("middle", 1000, 500);

        var read = new byte[500];
        slice.ReadBytes(read, 0, 500);
        Assert.Equal(content.AsSpan(1000, 500).ToArray(), read);
        Assert.Equal(500, slice.Position);
        Assert.Throws<EndOfStreamException>(() => slice.ReadByte());
        slice.Seek(490);
        Assert.Throws<EndOfStreamException>(() => slice.ReadBytes(new byte[11], 0, 11));
        slice.Seek(490);
        Assert.Throws<EndOfStreamException>(() => slice.ReadBytes(new byte[100], 0, 100));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(4096)]
    public void Should_throw_EndOfStreamException_for_every_read_past_the_end(int bufferSize)
    {
        using var temp = new TempDirectory();
        var content = WriteRandomFile(temp.Path, File1, 1000, seed: 2);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path), bufferSize, bufferSize);
        using var input = directory.OpenInput(File1, IOContext.DEFAULT);

        var all = new byte[1000];
        input.ReadBytes(all, 0, 1000);
        Assert.Equal(content, all);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());

        input.Seek(996);
        Assert.Equal(BitConverter.ToInt32([content[999], content[998], content[997], content[996]]), input.ReadInt32());
        input.Seek(996);
        Assert.Throws<EndOfStreamException>(() => input.ReadInt64());
        input.Seek(990);
        Assert.Throws<EndOfStreamException>(() => input.ReadBytes(new byte[11], 0, 11));
        input.Seek(10);
        Assert.Throws<EndOfStreamException>(() => input.ReadBytes(new byte[5000], 0, 5000, useBuffer: false));

        // Seeking past the end is allowed (as in Lucene); reading there is not.
        input.Seek(5000);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
        input.Seek(0);
        Assert.Equal(content[0], input.ReadByte());
    }

    [Fact]
    public void Should_give_every_thread_its_own_position_when_clones_and_slices_read_concurrently()
    {
        using var temp = new TempDirectory();
        var content = WriteRandomFile(temp.Path, File1, 1 << 20, seed: 3);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path), 1024, 8192);
        using var input = directory.OpenInput(File1, IOContext.DEFAULT);
        using var slicer = directory.CreateSlicer(File1, IOContext.DEFAULT);
        var failures = new ConcurrentQueue<Exception>();
        var reads = 0L;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            try
            {
                var random = new Random(thread);
                var start = thread % 2 == 0 ? 0 : random.Next(content.Length / 2);
                var length = content.Length - start;
                var source = thread % 2 == 0 ? (IndexInput)input.Clone() : slicer.OpenSlice("t" + thread, start, length);
                var buffer = new byte[20_000];
                for (var i = 0; i < 3000; i++)
                {
                    var clone = (IndexInput)source.Clone();
                    var position = random.Next(length);
                    var count = Math.Min(random.Next(buffer.Length), length - position);
                    clone.Seek(position);
                    clone.ReadBytes(buffer, 0, count, useBuffer: random.Next(2) == 0);
                    if (!buffer.AsSpan(0, count).SequenceEqual(content.AsSpan(start + position, count)))
                    {
                        throw new InvalidDataException($"thread {thread}: wrong bytes at {start + position} (+{count})");
                    }

                    Assert.Equal(position + count, clone.Position);
                    Interlocked.Increment(ref reads);
                }
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        });

        Assert.Empty(failures);
        Assert.Equal(8 * 3000, reads);
    }

    [Fact]
    public void Should_close_the_file_when_the_opened_input_is_disposed_and_not_when_a_clone_is()
    {
        using var temp = new TempDirectory();
        var content = WriteRandomFile(temp.Path, File1, 10_000, seed: 4);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path), 16, 16);
        var path = Path.Combine(temp.Path, File1);
        var before = OpenDescriptors(path);
        var input = directory.OpenInput(File1, IOContext.DEFAULT);
        var clone = (IndexInput)input.Clone();
        var other = (IndexInput)input.Clone();
        Assert.Equal(before + 1, OpenDescriptors(path));

        clone.Dispose();
        other.Seek(5000);
        Assert.Equal(content[5000], other.ReadByte());
        Assert.Equal(before + 1, OpenDescriptors(path));

        input.Dispose();
        input.Dispose();
        Assert.Equal(before, OpenDescriptors(path));
        other.Seek(100);
        Assert.ThrowsAny<ObjectDisposedException>(() => other.ReadByte());
        Assert.ThrowsAny<ObjectDisposedException>(() => input.ReadBytes(new byte[100], 0, 100));
        Assert.ThrowsAny<ObjectDisposedException>(() => ((IndexInput)input.Clone()).ReadByte());
    }

    [Fact]
    public void Should_close_the_compound_file_when_the_slicer_is_disposed()
    {
        using var temp = new TempDirectory();
        var content = WriteRandomFile(temp.Path, File1, 10_000, seed: 5);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path), 16, 16);
        var path = Path.Combine(temp.Path, File1);
        var before = OpenDescriptors(path);
        var slicer = directory.CreateSlicer(File1, IOContext.DEFAULT);
        var slice = slicer.OpenSlice("a", 100, 1000);

        slice.Dispose();
        using var second = slicer.OpenSlice("b", 200, 1000);
        Assert.Equal(content[200], second.ReadByte());
        Assert.Equal(before + 1, OpenDescriptors(path));

        slicer.Dispose();
        Assert.Equal(before, OpenDescriptors(path));
        second.Seek(500);
        Assert.ThrowsAny<ObjectDisposedException>(() => second.ReadByte());
    }

    [Fact]
    public async Task Should_fail_reads_that_race_the_dispose_cleanly()
    {
        using var temp = new TempDirectory();
        var content = WriteRandomFile(temp.Path, File1, 1 << 18, seed: 6);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path), 512, 512);
        var input = directory.OpenInput(File1, IOContext.DEFAULT);
        var started = new CountdownEvent(4);
        var unexpected = new ConcurrentQueue<Exception>();
        var disposedSeen = 0;

        var readers = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(() =>
        {
            var clone = (IndexInput)input.Clone();
            var random = new Random(t);
            var buffer = new byte[4096];
            started.Signal();
            while (true)
            {
                var position = random.Next(content.Length - buffer.Length);
                try
                {
                    clone.Seek(position);
                    clone.ReadBytes(buffer, 0, buffer.Length);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref disposedSeen);
                    return;
                }
                catch (Exception ex)
                {
                    unexpected.Enqueue(ex);
                    return;
                }

                if (!buffer.AsSpan().SequenceEqual(content.AsSpan(position, buffer.Length)))
                {
                    unexpected.Enqueue(new InvalidDataException($"wrong bytes at {position}"));
                    return;
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        started.Wait();
        input.Dispose();
        await Task.WhenAll(readers);

        Assert.Empty(unexpected);
        Assert.Equal(4, disposedSeen);
    }

    [Fact]
    public void Should_use_the_larger_buffer_for_merges_and_read_once_inputs_and_none_larger_than_the_file()
    {
        using var temp = new TempDirectory();
        WriteRandomFile(temp.Path, File1, 100_000, seed: 7);
        WriteRandomFile(temp.Path, "small.bin", 300, seed: 8);
        WriteRandomFile(temp.Path, "empty.bin", 0, seed: 9);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path), 1000, 50_000);

        Assert.Equal(1000, BufferSize(directory.OpenInput(File1, IOContext.DEFAULT)));
        Assert.Equal(1000, BufferSize(directory.OpenInput(File1, IOContext.READ)));
        Assert.Equal(50_000, BufferSize(directory.OpenInput(File1, IOContext.READ_ONCE)));
        Assert.Equal(50_000, BufferSize(directory.OpenInput(File1, new IOContext(new MergeInfo(10, 1000, false, 1)))));
        using var slicer = directory.CreateSlicer(File1, IOContext.DEFAULT);
        Assert.Equal(1000, BufferSize(slicer.OpenSlice("s", 10, 5000)));
        Assert.Equal(10, BufferSize(slicer.OpenSlice("s", 10, 10)));
        Assert.Equal(300, BufferSize(directory.OpenInput("small.bin", IOContext.READ_ONCE)));
        using var empty = directory.OpenInput("empty.bin", IOContext.DEFAULT);
        Assert.Equal(0, empty.Length);
        Assert.Throws<EndOfStreamException>(() => empty.ReadByte());
        empty.ReadBytes([], 0, 0);
        Assert.Throws<FileNotFoundException>(() => directory.OpenInput("missing.bin", IOContext.DEFAULT));
    }

    [Fact]
    public void Should_find_the_same_hits_scores_and_stored_fields_as_NIOFSDirectory_in_an_index_written_through_it()
    {
        using var oursPath = new TempDirectory();
        using var stockPath = new TempDirectory();
        using var ours = new PositionalFileDirectory(new DirectoryInfo(oursPath.Path));
        using var stock = new NIOFSDirectory(new DirectoryInfo(stockPath.Path));
        WriteIndex(ours, documents: 600, maxBufferedDocs: 40);
        WriteIndex(stock, documents: 600, maxBufferedDocs: 40);
        Assert.NotEmpty(System.IO.Directory.GetFiles(oursPath.Path, "*.cfs"));

        var status = new CheckIndex(ours).DoCheckIndex();
        Assert.True(status.Clean);
        Assert.True(status.NumSegments > 1);

        using var oursReader = DirectoryReader.Open(ours);
        using var stockReader = DirectoryReader.Open(stock);
        var oursSearcher = new IndexSearcher(oursReader);
        var stockSearcher = new IndexSearcher(stockReader);
        using var analyzer = LuceneIndex.CreateAnalyzer();
        var compared = 0;
        foreach (var text in new[] { "hennep", "woning inbraak", "gemeente politie overlast", "convenant", "jeugd", "preventie camera" })
        {
            var query = new BooleanQuery();
            foreach (var token in AnalysisFixture.Terms(analyzer, text))
            {
                query.Add(new TermQuery(new Term(IndexFields.Body, token)), Occur.SHOULD);
                query.Add(new TermQuery(new Term(IndexFields.Title, token)), Occur.SHOULD);
            }

            var expected = stockSearcher.Search(query, 50);
            var actual = oursSearcher.Search(query, 50);
            Assert.True(expected.TotalHits > 0, text);
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(expected.ScoreDocs.Select(d => (d.Doc, d.Score)), actual.ScoreDocs.Select(d => (d.Doc, d.Score)));
            foreach (var hit in actual.ScoreDocs)
            {
                Assert.Equal(Stored(stockSearcher.Doc(hit.Doc)), Stored(oursSearcher.Doc(hit.Doc)));
                compared++;
            }
        }

        Assert.True(compared > 50);
    }

    /// <summary>The same random operations on NIOFS's input, ours and the file's bytes, with clones taken along the way.</summary>
    private static void ReadAlike(byte[] content, IndexInput expected, IndexInput actual, Random random, int operations)
    {
        var pairs = new List<(IndexInput Expected, IndexInput Actual)> { (expected, actual) };
        var length = content.Length;
        var into = new byte[3 * 8192 + 100];
        var check = new byte[into.Length];
        for (var i = 0; i < operations; i++)
        {
            var (e, a) = pairs[random.Next(pairs.Count)];
            var position = (int)a.Position;
            Assert.Equal(e.Position, a.Position);
            var remaining = length - position;
            switch (random.Next(7))
            {
                case 0:
                    var target = random.Next(length + 1);
                    e.Seek(target);
                    a.Seek(target);
                    break;
                case 1 when remaining > 0:
                    var b = a.ReadByte();
                    Assert.Equal(e.ReadByte(), b);
                    Assert.Equal(content[position], b);
                    break;
                case 2 or 3:
                    var count = Math.Min(remaining, random.Next(random.Next(2) == 0 ? 64 : into.Length));
                    var useBuffer = random.Next(3) != 0;
                    var offset = random.Next(into.Length - count + 1);
                    a.ReadBytes(into, offset, count, useBuffer);
                    e.ReadBytes(check, offset, count, useBuffer);
                    Assert.True(into.AsSpan(offset, count).SequenceEqual(check.AsSpan(offset, count)));
                    Assert.True(into.AsSpan(offset, count).SequenceEqual(content.AsSpan(position, count)));
                    break;
                case 4 when remaining >= 8:
                    Assert.Equal(e.ReadInt64(), a.ReadInt64());
                    break;
                case 4 when remaining >= 4:
                    Assert.Equal(e.ReadInt32(), a.ReadInt32());
                    break;
                case 5 when pairs.Count < 8:
                    pairs.Add(((IndexInput)e.Clone(), (IndexInput)a.Clone()));
                    break;
                case 6:
                    // Past the end: both refuse, whether the read goes through the buffer or around it.
                    var tooMany = remaining + 1 + random.Next(10_000);
                    var big = new byte[tooMany];
                    Assert.Throws<EndOfStreamException>(() => e.ReadBytes(big, 0, tooMany));
                    Assert.Throws<EndOfStreamException>(() => a.ReadBytes(big, 0, tooMany));
                    e.Seek(position);
                    a.Seek(position);
                    break;
            }

            Assert.Equal(e.Position, a.Position);
        }
    }

    /// <summary>An index made by a real <see cref="IndexWriter"/> with compound files, several segments and merges.</summary>
    private static void WriteIndex(LuceneDirectory directory, int documents, int maxBufferedDocs)
    {
        var config = new IndexWriterConfig(DutchTextAnalyzer.Version, LuceneIndex.CreateAnalyzer())
        {
            UseCompoundFile = true,
            MaxBufferedDocs = maxBufferedDocs,
            MergeScheduler = new SerialMergeScheduler(),
            MergePolicy = new LogDocMergePolicy { MergeFactor = 4, MinMergeDocs = 10, NoCFSRatio = 1.0 },
        };
        using var writer = new IndexWriter(directory, config);
        var random = new Random(11);
        string[] words =
        [
            "hennep", "woning", "inbraak", "gemeente", "politie", "overlast", "convenant", "jeugd", "preventie", "camera",
            "burgemeester", "ondermijning", "toezicht", "drugs", "sluiting", "buurt", "veiligheid", "zorg", "aanpak", "regio",
        ];
        string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
        for (var i = 0; i < documents; i++)
        {
            writer.AddDocument(DocumentMapper.ToLucene(DocumentMapperTests.Sample($"d{i}", Text(3), Text(20 + random.Next(200)))));
            if (i % 97 == 96)
            {
                writer.DeleteDocuments(new Term(IndexFields.Id, $"d{i - 50}"));
                writer.Commit();
            }
        }

        writer.Commit();
    }

    private static byte[] WriteRandomFile(string folder, string name, int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        File.WriteAllBytes(Path.Combine(folder, name), content);
        return content;
    }

    private static int BufferSize(IndexInput input)
    {
        using (input)
        {
            return ((BufferedIndexInput)input).BufferSize;
        }
    }

    /// <summary>Descriptors of this process open on <paramref name="path"/> (Linux: /proc/self/fd).</summary>
    private static int OpenDescriptors(string path) =>
        System.IO.Directory.GetFiles("/proc/self/fd").Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget == path;
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static List<string> Stored(Document document) =>
        document.Fields.Select(f => $"{f.Name}={f.GetStringValue()}|{f.NumericType}:{f.GetInt32Value()}:{f.GetInt64Value()}:{f.GetDoubleValue()}|{f.GetBinaryValue()}").ToList();
}
