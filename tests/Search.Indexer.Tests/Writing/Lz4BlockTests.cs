using System.Text;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Store;
using Search.Indexer.Writing;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// <see cref="Lz4Block"/> decodes what Lucene's fast LZ4 mode writes exactly as Lucene's own decoder does: the same bytes
/// out, the same bytes consumed, for any stopping point; a short source asks for more, a damaged one fails cleanly.
/// </summary>
public sealed class Lz4BlockTests
{
    public static TheoryData<string> Kinds => ["text", "random", "runs", "empty"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Should_decode_like_lucene_for_every_stopping_point(string kind)
    {
        var random = new Random(kind.Length * 7919);
        for (var round = 0; round < 40; round++)
        {
            var original = Make(kind, random, round);
            var compressed = Compress(original);
            foreach (var wanted in Wanted(original.Length, random))
            {
                var expected = new byte[original.Length + 7];
                var input = new ByteArrayDataInput(compressed);
                var expectedWritten = LZ4.Decompress(input, wanted, expected, 0);

                var actual = new byte[original.Length + 7];
                var written = Lz4Block.Decode(compressed, actual, wanted, out var consumed);

                Assert.Equal(expectedWritten, written);
                Assert.Equal(input.Position, consumed);
                Assert.True(written >= wanted);
                Assert.Equal(original.AsSpan(0, Math.Min(written, original.Length)).ToArray(), actual.AsSpan(0, Math.Min(written, original.Length)).ToArray());
            }
        }
    }

    [Fact]
    public void Should_ask_for_more_when_the_source_ends_before_the_block()
    {
        var random = new Random(11);
        var original = Make("text", random, 3000);
        var compressed = Compress(original);
        var output = new byte[original.Length + 7];
        Assert.Equal(original.Length, Lz4Block.Decode(compressed, output, original.Length, out var consumed));
        Assert.Equal(compressed.Length, consumed);

        for (var cut = 0; cut < compressed.Length; cut += 1 + random.Next(40))
        {
            Assert.Equal(Lz4Block.NeedsMoreInput, Lz4Block.Decode(compressed.AsSpan(0, cut), output, original.Length, out _));
        }
    }

    [Fact]
    public void Should_fail_cleanly_on_damaged_blocks()
    {
        var random = new Random(5);
        var outcomes = new Dictionary<string, int>();
        for (var round = 0; round < 3000; round++)
        {
            var original = Make(round % 2 == 0 ? "text" : "runs", random, round);
            var compressed = Compress(original);
            for (var flips = 1 + random.Next(4); flips > 0 && compressed.Length > 0; flips--)
            {
                compressed[random.Next(compressed.Length)] = (byte)random.Next(256);
            }

            var output = new byte[original.Length + 7];
            string outcome;
            try
            {
                var written = Lz4Block.Decode(compressed, output, original.Length, out var consumed);
                outcome = written == Lz4Block.NeedsMoreInput ? "short" : "decoded";
                Assert.True(written == Lz4Block.NeedsMoreInput || (written <= output.Length && consumed <= compressed.Length));
            }
            catch (InvalidDataException)
            {
                outcome = "invalid";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // Every kind of outcome occurred, and nothing else (an index-out-of-range would have failed the test).
        Assert.True(outcomes.GetValueOrDefault("invalid") > 0, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("decoded") > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public void Should_reject_a_match_before_the_start_of_the_output()
    {
        // A token with no literals and a match 5 bytes back, at the very start.
        byte[] block = [0x00, 0x05, 0x00];
        Assert.Throws<InvalidDataException>(() => Lz4Block.Decode(block, new byte[64], 10, out _));
    }

    private static IEnumerable<int> Wanted(int length, Random random)
    {
        yield return length;
        yield return 0;
        for (var i = 0; i < 3 && length > 0; i++)
        {
            yield return random.Next(length + 1);
        }
    }

    private static byte[] Compress(byte[] bytes)
    {
        var output = new RAMOutputStream();
        CompressionMode.FAST.NewCompressor().Compress(bytes, 0, bytes.Length, output);
        output.Flush();
        var compressed = new byte[output.Length];
        output.WriteTo(compressed, 0);
        return compressed;
    }

    private static readonly string[] Words =
        ["de", "gemeente", "woninginbraak", "convenant", "hennepteelt", "burgemeester", "het", "van", "ondermijning", "in", "één", "overlast", "café", "jeugd"];

    private static byte[] Make(string kind, Random random, int round)
    {
        var length = round % 10 == 9 ? 40_000 + random.Next(40_000) : random.Next(1, 5_000);
        switch (kind)
        {
            case "text":
                var text = new StringBuilder();
                while (text.Length < length)
                {
                    text.Append(Words[random.Next(Words.Length)]).Append(random.Next(9) == 0 ? ". " : " ");
                }

                return Encoding.UTF8.GetBytes(text.ToString());
            case "random":
                var bytes = new byte[length];
                random.NextBytes(bytes);
                return bytes;
            case "runs":
                // Repeats at short distances (overlapping matches) and long ones (length extensions).
                var runs = new List<byte>();
                while (runs.Count < length)
                {
                    var unit = new byte[1 + random.Next(20)];
                    random.NextBytes(unit);
                    for (var r = random.Next(1, 60); r > 0; r--)
                    {
                        runs.AddRange(unit);
                    }
                }

                return [.. runs];
            default:
                return [];
        }
    }
}
