using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

/// <summary>
/// <see cref="LatinStandardTokenizer"/> against Lucene's <see cref="StandardTokenizer"/>: the same tokens, position
/// increments, offsets and types, and the same state after the end, on random texts built from every character the
/// direct scan knows (and from characters it leaves to the JFlex scanner), with several maximum token lengths.
/// </summary>
public sealed class LatinStandardTokenizerTests
{
    /// <summary>A text of about 300 words (one paragraph, eight times), many longer than the 10 characters the partial-read test allows.</summary>
    private static readonly string LongText = string.Concat(Enumerable.Repeat(
        "Aanpak woonoverlast: de burgemeester kan een bestuurlijke waarschuwing geven, daarna een gedragsaanwijzing (art. 151d) en "
        + "ten slotte een sluiting van de woning voor de duur van 3 tot 12 maanden; zie ook het convenant 2025-2028 met Politie en OM. ",
        8)).TrimEnd();

    public static TheoryData<string, int> PartialReads() => new()
    {
        { "een twee drie vier, vijf. zes", 3 },
        { "een tweeëntwintigletterswoordje drie", 1 },
        { "o\u00ADver\u00ADlast en meer woorden", 2 },
        { LongText, 127 },
        { LongText, 128 },
        { LongText, 129 },
        { LongText, 200 },
    };

    /// <summary>Every character the scan knows, one of each, by word-break kind.</summary>
    private static readonly string Letters = "abcxyzABCXYZ" + Range('\u00C0', '\u00D6') + Range('\u00D8', '\u00F6') + Range('\u00F8', '\u017F') + "\u00AA\u00B5\u00BA";

    private const string Digits = "0123456789";

    private const string Mids = ".,;:'\u00B7\u2018\u2019\u2024";

    private const string Others =
        " \t\n\r\f\u000B\u0085\u00A0!\"#$%&()*+-/<=>?@[\\]^`{|}~\u00A1\u00A2\u00A3\u00A7\u00A9\u00AB\u00AE\u00B0\u00B1\u00B4\u00BB\u00BF\u00D7\u00F7"
        + "\u2010\u2011\u2013\u2014\u201A\u201C\u201D\u201E\u201F\u2020\u2021\u2022\u2026\u2030\u2032\u2033\u2039\u203A\u20AC\u2122";

    /// <summary>Characters with other word-break rules: soft hyphen, combining accent, Greek, CJK, a supplementary character, a control.</summary>
    private static readonly string[] Unknown = ["\u00AD", "\u0301", "\u03B1", "\u4E2D", "\uD83D\uDE00", "\u0001", "\u00B2", "\u201B", "\u200D"];

    public static TheoryData<int> MaxTokenLengths() => [255, 100, 40, 3];

    [Theory]
    [MemberData(nameof(MaxTokenLengths))]
    public void Should_tokenize_random_latin_texts_as_the_standard_tokenizer(int maxTokenLength)
    {
        var random = new Random(7 + maxTokenLength);
        var scanned = 0;
        using var expected = new Tokenizing(reader => new StandardTokenizer(DutchTextAnalyzer.Version, reader) { MaxTokenLength = maxTokenLength });
        using var actual = new Tokenizing(reader => new LatinStandardTokenizer(reader) { MaxTokenLength = maxTokenLength });
        for (var i = 0; i < 3_000; i++)
        {
            // Every tenth text is long: many windows of scanned tokens.
            var text = i % 10 == 9
                ? string.Join(' ', Enumerable.Range(0, 40).Select(_ => RandomText(random, withUnknown: false)))
                : RandomText(random, withUnknown: i % 5 == 0);
            scanned += LatinWordBreaks.Knows(text) ? 1 : 0;
            TokenDump.AssertSame(TokenDump.Of(expected, text), TokenDump.Of(actual, text), $"text {i} \"{Escape(text)}\"");
        }

        // Both ways were taken: the 2,400 texts without unknown characters (and those of the others that drew none) were
        // scanned, the rest went to the JFlex scanner.
        Assert.InRange(scanned, 2_400, 2_900);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Ideeën: 3,5 mln. voor ’s-Hertogenbosch’ (2025–2028) — e.v.a. info@example.nl a_b _x x_ __ 1.200,50 a.b.c. 3a.5 ' 12:30 café’s")]
    [InlineData("o\u00ADver\u00ADlast woninginbraak\u0301 \u03B1\u03B2 \u4E2D\u6587 \uD83D\uDE00 done")]
    public void Should_tokenize_these_texts_as_the_standard_tokenizer(string text)
    {
        using var expected = new Tokenizing(reader => new StandardTokenizer(DutchTextAnalyzer.Version, reader));
        using var actual = new Tokenizing(reader => new LatinStandardTokenizer(reader));
        TokenDump.AssertSame(TokenDump.Of(expected, text), TokenDump.Of(actual, text), text);
    }

    [Theory]
    [MemberData(nameof(PartialReads))]
    public void Should_end_as_the_standard_tokenizer_when_read_only_in_part(string text, int tokens)
    {
        string EndAfter(Tokenizer tokenizer)
        {
            var offset = tokenizer.AddAttribute<IOffsetAttribute>();
            var increment = tokenizer.AddAttribute<IPositionIncrementAttribute>();
            tokenizer.Reset();
            for (var i = 0; i < tokens; i++)
            {
                Assert.True(tokenizer.IncrementToken());
            }

            tokenizer.End();
            var state = $"{offset.StartOffset} {offset.EndOffset} {increment.PositionIncrement}";
            tokenizer.Dispose();
            return state;
        }

        Assert.Equal(
            EndAfter(new StandardTokenizer(DutchTextAnalyzer.Version, new StringReader(text)) { MaxTokenLength = 10 }),
            EndAfter(new LatinStandardTokenizer(new StringReader(text)) { MaxTokenLength = 10 }));
    }

    [Fact]
    public void Should_know_latin_text_and_leave_other_scripts_to_the_full_rules()
    {
        Assert.True(LatinWordBreaks.Knows("Ideeën over woninginbraak: € 1.200,50 – “preventie” • ’s avonds"));
        Assert.All(Unknown, c => Assert.False(LatinWordBreaks.Knows("woning" + c + "inbraak"), Escape(c)));
    }

    private static string RandomText(Random random, bool withUnknown)
    {
        var text = new StringBuilder();
        var length = random.Next(0, 60);
        for (var i = 0; i < length; i++)
        {
            var pick = random.Next(100);
            if (pick < 8 && random.Next(4) == 0)
            {
                text.Append(Letters[random.Next(Letters.Length)], random.Next(2, 12)); // a long run
            }
            else if (pick < 45)
            {
                text.Append(Letters[random.Next(Letters.Length)]);
            }
            else if (pick < 60)
            {
                text.Append(Digits[random.Next(Digits.Length)]);
            }
            else if (pick < 72)
            {
                text.Append(Mids[random.Next(Mids.Length)]);
            }
            else if (pick < 77)
            {
                text.Append('_');
            }
            else if (withUnknown && pick < 82)
            {
                text.Append(Unknown[random.Next(Unknown.Length)]);
            }
            else
            {
                text.Append(Others[random.Next(Others.Length)]);
            }
        }

        return text.ToString();
    }

    private static string Range(char first, char last) => new(Enumerable.Range(first, last - first + 1).Select(c => (char)c).ToArray());

    private static string Escape(string text) => string.Concat(text.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));

    /// <summary>An analyzer of one tokenizer, reused from text to text as Lucene reuses token streams.</summary>
    [Fact]
    public void Should_map_offsets_through_a_char_filter_as_the_standard_tokenizer()
    {
        // The filter shortens the text ("&amp;" → "&", "ij" → "y"), so its offsets differ from the original text's.
        var builder = new NormalizeCharMap.Builder();
        builder.Add("&amp;", "&");
        builder.Add("ij", "y");
        var map = builder.Build();
        const string text = "Huis &amp; tuin: vrijdag rijden &amp; ijs, 3,5 km &amp;amp; wijk_ij";
        using var expected = new Tokenizing(reader => new StandardTokenizer(DutchTextAnalyzer.Version, reader), map);
        using var actual = new Tokenizing(reader => new LatinStandardTokenizer(reader), map);
        var tokens = TokenDump.Of(actual, text);
        TokenDump.AssertSame(TokenDump.Of(expected, text), tokens, text);
        var start = text.IndexOf("vrijdag", StringComparison.Ordinal);
        Assert.Contains($"vrydag\t1\t1\t{start}\t{start + "vrijdag".Length}\t<ALPHANUM>\t-\n", tokens, StringComparison.Ordinal);
    }

    private sealed class Tokenizing(Func<TextReader, Tokenizer> create, NormalizeCharMap? map = null) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => new(create(reader));

        protected override TextReader InitReader(string fieldName, TextReader reader) => map is null ? reader : new MappingCharFilter(map, reader);
    }
}
