using Lucene.Net.Analysis;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

/// <summary>
/// The optimised analyzers (merged filters, concepts without SynonymFilter, memoised per-word steps) against the chain
/// they replace (<see cref="ReferenceDutchAnalyzer"/>): every token, position, position length, offset, type and
/// keyword flag must be the same, on the sample texts, on awkward words and on random runs of concept words.
/// </summary>
public sealed class DutchChainEquivalenceTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, string Text)>> SampleTexts = new(() =>
        Directory.EnumerateFiles(RepoFiles.PathOf("samples"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(RepoFiles.Root, f), File.ReadAllText(f)))
            .Append(("golden-text.txt", File.ReadAllText(RepoFiles.PathOf("tests", "Search.Indexer.Tests", "Analysis", "Golden", "golden-text.txt"))))
            .ToList());

    /// <summary>Case, diacritics, ligatures, full-width and supplementary characters, apostrophes, numbers, long and odd tokens.</summary>
    private static readonly string[] AwkwardTexts =
    [
        "ÀÉÎÕÜ àéîõü Ideeën geïnformeerd CAFÉ's café’s naïeve coördinatie Ærø Œuvre straße ß ĳsbeer İstanbul ı",
        "Kelvin K (U+212A) Å ﬁets ﬂ Ｗｏｎｉｎｇ ＷＯＮＩＮＧＩＮＢＲＡＡＫ 𝔄𝔅 𝒳 😀 ①②③ ½ x² H₂O",
        "OM's OMG'S APV-regels BOA’s RIEC LIEC x_om X_OM e33 E33 A4 B2B 2B 13b 2:79 1.200,50 €1,2 2025–2028",
        "woninginbraak-preventie drugs/hennep e-mail e.v.a. enz. d.w.z. www.example.nl info@example.nl https://a.example/b?c=d",
        "kindercarnavalsoptochtvoorbereidingswerkzaamhedenplanningscommissievergaderingsverslagenarchief "
            + new string('a', 101) + " " + new string('b', 40) + " " + new string('c', 41) + " a I ok",
        "de het een van en OM om Om oM de de de het Openbaar Openbaar Ministerie ministerie openbaar",
        "balletjes kippetje jongetjes boompjes huisjes briefjes kamertjes oranje diabetes proces adres boetes bendes rondes",
        "artsen zaken overvallen plannen bommen stellen grossen woninginbraken convenanten gemeenteraadsverkiezingen",
        "",
        "   \n\t ",
        "'s 's-Hertogenbosch 't d'r m'n z'n",
    ];

    [Fact]
    public void Should_emit_the_reference_index_tokens_for_every_sample_text() => AssertSameOnSamples(AnalysisMode.Index);

    [Fact]
    public void Should_emit_the_reference_query_tokens_for_every_sample_text() => AssertSameOnSamples(AnalysisMode.Query);

    [Fact]
    public void Should_emit_the_reference_spelling_words_for_every_sample_text()
    {
        using var expected = new ReferenceWordsAnalyzer();
        using var actual = new WordsAnalyzer();
        foreach (var (name, text) in SampleTexts.Value.Concat(AwkwardTexts.Select((t, i) => ($"awkward {i}", t))))
        {
            TokenDump.AssertSame(TokenDump.Of(expected, text, "spell"), TokenDump.Of(actual, text, "spell"), name);
        }
    }

    [Theory]
    [InlineData(AnalysisMode.Index)]
    [InlineData(AnalysisMode.Query)]
    public void Should_emit_the_reference_tokens_for_awkward_words(AnalysisMode mode)
    {
        using var expected = new ReferenceDutchAnalyzer(AnalysisFixture.Resources, mode);
        using var actual = new DutchTextAnalyzer(AnalysisFixture.Resources, mode);
        foreach (var text in AwkwardTexts)
        {
            TokenDump.AssertSame(TokenDump.Of(expected, text), TokenDump.Of(actual, text), $"'{text}'");
        }
    }

    [Theory]
    [InlineData(AnalysisMode.Index)]
    [InlineData(AnalysisMode.Query)]
    public void Should_emit_the_reference_tokens_for_random_runs_of_concept_words(AnalysisMode mode)
    {
        var forms = AnalysisFixture.Resources.Concepts.Concepts.SelectMany(c => c.Forms).ToList();
        var words = forms.SelectMany(f => f.Split(' ', '-')).Where(w => w.Length > 0)
            .Concat(["de", "het", "en", "van", "om", "OM", "woninginbraak", "plan", "drugs", "Wet", "ZORG", "geestelijke"])
            .Distinct(StringComparer.Ordinal).ToArray();
        var random = new Random(20261130);
        using var expected = new ReferenceDutchAnalyzer(AnalysisFixture.Resources, mode);
        using var actual = new DutchTextAnalyzer(AnalysisFixture.Resources, mode);
        for (var i = 0; i < 1_000; i++)
        {
            var text = random.Next(4) == 0
                ? string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => forms[random.Next(forms.Count)]))
                : string.Join(random.Next(5) == 0 ? ", " : " ", Enumerable.Range(0, random.Next(1, 25)).Select(_ => words[random.Next(words.Length)]));
            TokenDump.AssertSame(TokenDump.Of(expected, text), TokenDump.Of(actual, text), $"'{text}'");
        }
    }

    [Fact]
    public void Should_emit_the_reference_tokens_when_the_memo_is_far_smaller_than_the_vocabulary()
    {
        using var expected = new ReferenceDutchAnalyzer(AnalysisFixture.Resources, AnalysisMode.Index);
        using var actual = new DutchTextAnalyzer(AnalysisFixture.Resources, AnalysisMode.Index, memoCapacity: 16);
        foreach (var (name, text) in SampleTexts.Value.Take(20))
        {
            TokenDump.AssertSame(TokenDump.Of(expected, text), TokenDump.Of(actual, text), name);
        }
    }

    [Fact]
    public void Should_emit_the_reference_tokens_from_several_threads_at_once()
    {
        using var expected = new ReferenceDutchAnalyzer(AnalysisFixture.Resources, AnalysisMode.Index);
        using var actual = new DutchTextAnalyzer(AnalysisFixture.Resources, AnalysisMode.Index);
        var texts = SampleTexts.Value.Select(s => s.Text).ToList();
        var reference = texts.Select(t => TokenDump.Of(expected, t)).ToList();

        var results = new string[4][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, worker =>
            results[worker] = Enumerable.Range(0, texts.Count).Select(i => (i + worker) % texts.Count).Select(i => TokenDump.Of(actual, texts[i])).ToArray());

        for (var worker = 0; worker < results.Length; worker++)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                TokenDump.AssertSame(reference[(i + worker) % texts.Count], results[worker][i], $"thread {worker}, text {i}");
            }
        }
    }

    [Fact]
    public void Should_lay_out_the_index_tokens_of_every_sample_awkward_and_concept_text()
    {
        var forms = AnalysisFixture.Resources.Concepts.Concepts.SelectMany(c => c.Forms).ToList();
        var random = new Random(20261130);
        var concepts = Enumerable.Range(0, 300).Select(_ => string.Join(random.Next(3) == 0 ? " de " : " ",
            Enumerable.Range(0, random.Next(1, 5)).Select(_ => forms[random.Next(forms.Count)])));
        using var index = new DutchTextAnalyzer(AnalysisFixture.Resources, AnalysisMode.Index);
        using var layout = new DutchLayoutAnalyzer(AnalysisFixture.Resources);
        var (laidOut, conceptTokens) = (0, 0);
        foreach (var (name, text) in SampleTexts.Value.Concat(AwkwardTexts.Concat(concepts).Select((t, i) => ($"text {i}", t))))
        {
            var chain = AnalysisFixture.Analyze(index, text);
            var expected = new List<AnalyzedToken>();
            foreach (var token in chain)
            {
                // The first token at a position is the word; the others there (stems of parts) share its offsets.
                if (token.Type == ConceptFilter.ConceptType || expected.LastOrDefault(t => t.Type != ConceptFilter.ConceptType)?.Position != token.Position)
                {
                    expected.Add(token.Type == ConceptFilter.ConceptType ? token : token with { Term = "", Type = "" });
                }
                else
                {
                    var word = expected.Last(t => t.Type != ConceptFilter.ConceptType);
                    Assert.True((word.StartOffset, word.EndOffset) == (token.StartOffset, token.EndOffset), $"{name}: {token} not at {word}");
                }
            }

            var actual = AnalysisFixture.Analyze(layout, text)
                .Select(t => t.Type == ConceptFilter.ConceptType ? t : t with { Term = "", Type = "" }).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{name}: {Differ(expected, actual)}");
            laidOut += actual.Count;
            conceptTokens += actual.Count(t => t.Type == ConceptFilter.ConceptType);
        }

        Assert.True(laidOut > 50_000 && conceptTokens > 500, $"{laidOut} tokens laid out, {conceptTokens} concept tokens");
    }

    private static string Differ(List<AnalyzedToken> expected, List<AnalyzedToken> actual)
    {
        var at = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], Math.Min(expected.Count, actual.Count));
        return $"first difference at token {at}: chain {expected.ElementAtOrDefault(at)}, layout {actual.ElementAtOrDefault(at)}";
    }

    private static void AssertSameOnSamples(AnalysisMode mode)
    {
        using var expected = new ReferenceDutchAnalyzer(AnalysisFixture.Resources, mode);
        using var actual = new DutchTextAnalyzer(AnalysisFixture.Resources, mode);
        foreach (var (name, text) in SampleTexts.Value)
        {
            foreach (var field in new[] { "title", "body" })
            {
                TokenDump.AssertSame(TokenDump.Of(expected, text, field), TokenDump.Of(actual, text, field), $"{name} ({field})");
            }
        }
    }
}
