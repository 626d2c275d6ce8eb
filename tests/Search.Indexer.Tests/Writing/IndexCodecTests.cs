using System.Text;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Search.Indexer.Writing;
using Search.TestKit;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// <see cref="IndexCodec"/> is Lucene's 4.6 codec on disk: it writes the same stored-field files byte for byte, and,
/// installed, reads indexes written by stock Lucene.Net, documents of every size, exactly.
/// </summary>
public sealed class IndexCodecTests
{
    [Fact]
    public void Should_write_the_same_stored_field_files_as_lucene()
    {
        var documents = Documents(seed: 1, count: 300);
        using var stock = new RAMDirectory();
        using var ours = new RAMDirectory();
        Write(stock, new Lucene46Codec(), documents);
        Write(ours, new IndexCodec(), documents);

        var storedFiles = stock.ListAll().Where(f => f.EndsWith(".fdt", StringComparison.Ordinal) || f.EndsWith(".fdx", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, storedFiles.Count);
        foreach (var file in storedFiles)
        {
            Assert.Equal(Bytes(stock, file), Bytes(ours, file));
        }
    }

    [Fact]
    public void Should_read_an_index_written_by_stock_lucene_exactly_once_installed()
    {
        IndexCodec.Install();
        Assert.IsType<IndexCodec>(Codec.ForName("Lucene46"));
        Assert.IsType<IndexCodec>(Codec.Default);

        using var temp = new TempDirectory();
        var documents = Documents(seed: 2, count: 400);
        using (var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path)))
        {
            Write(directory, new Lucene46Codec(), documents);
        }

        using var reopened = new PositionalFileDirectory(new DirectoryInfo(temp.Path));
        using var reader = DirectoryReader.Open(reopened);
        Assert.All(reader.Leaves, leaf => Assert.IsType<IndexCodec>(((SegmentReader)leaf.Reader).SegmentInfo.Info.Codec));
        Assert.Equal(documents.Count, reader.NumDocs);

        // In a random order, so that chunks are read from their start and from the middle, and big documents in slices.
        var order = Enumerable.Range(0, reader.MaxDoc).OrderBy(_ => Random.Shared.Next()).ToList();
        foreach (var doc in order)
        {
            var stored = reader.Document(doc);
            var id = int.Parse(stored.Get("id"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(documents[id], stored.Get("body") ?? string.Empty);
        }
    }

    [Fact]
    public void Should_merge_segments_with_and_without_deletions_into_the_same_documents()
    {
        IndexCodec.Install();
        using var temp = new TempDirectory();
        var documents = Documents(seed: 3, count: 240);
        using var directory = new PositionalFileDirectory(new DirectoryInfo(temp.Path));
        var config = new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(Lucene.Net.Util.LuceneVersion.LUCENE_48));
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < documents.Count; i++)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                    new StoredField("body", documents[i]),
                });
                if (i % 40 == 39)
                {
                    writer.Commit(); // six segments
                }
            }

            // Deletions in some segments (their chunks are decoded and written again), none in others (copied as they are).
            writer.DeleteDocuments(new Term("id", "3"), new Term("id", "50"), new Term("id", "51"));
            writer.ForceMerge(1);
            writer.Commit();
        }

        using var reader = DirectoryReader.Open(directory);
        Assert.Single(reader.Leaves);
        Assert.Equal(documents.Count - 3, reader.NumDocs);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            var stored = reader.Document(doc);
            var id = int.Parse(stored.Get("id"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotContain(id, new[] { 3, 50, 51 });
            Assert.Equal(documents[id], stored.Get("body"));
        }
    }

    private static void Write(LuceneDirectory directory, Codec codec, IReadOnlyList<string> bodies)
    {
        var config = new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(Lucene.Net.Util.LuceneVersion.LUCENE_48))
        {
            Codec = codec,
            UseCompoundFile = false,
            MaxBufferedDocs = 10_000,
            RAMBufferSizeMB = 256,
        };
        using var writer = new IndexWriter(directory, config);
        for (var i = 0; i < bodies.Count; i++)
        {
            var document = new Document { new StringField("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES) };
            if (bodies[i].Length > 0)
            {
                document.Add(new StoredField("body", bodies[i]));
            }

            writer.AddDocument(document);
        }

        writer.Commit();
    }

    private static byte[] Bytes(LuceneDirectory directory, string file)
    {
        using var input = directory.OpenInput(file, IOContext.READ_ONCE);
        var bytes = new byte[input.Length];
        input.ReadBytes(bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>Empty, short and long Dutch texts, a few far beyond a chunk (16 KB), with accents, symbols and emoji.</summary>
    private static List<string> Documents(int seed, int count)
    {
        string[] words = ["woninginbraak", "gemeente", "één", "convenant", "€ 1.200", "café", "hennep", "overlast", "🚓", "de", "het", "van", "OM", "RIEC-overleg"];
        var random = new Random(seed);
        var documents = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var length = (i % 25) switch
            {
                0 => 0,
                1 => 70_000 + random.Next(50_000),
                2 => 20_000 + random.Next(20_000),
                _ => random.Next(1, 3_000),
            };
            var text = new StringBuilder();
            while (text.Length < length)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }

            documents.Add(text.ToString());
        }

        return documents;
    }
}
