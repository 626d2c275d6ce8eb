using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Search.Indexer.Analysis;
using Search.Indexer.Extraction;
using Search.Indexer.Schema;
using Search.SearchApi.Search;
using Xunit.Abstractions;

namespace Search.SearchApi.Tests.Search;

/// <summary>
/// Our lean highlighter for plain words must make exactly the snippets (and offsets) that Lucene's highlighter made with
/// the same scorer and fragmenter: both run over the sample bank's texts, generated texts and many plain-word queries.
/// </summary>
public sealed partial class TermHighlighterTests(TermHighlighterTests.Corpus corpus, ITestOutputHelper output)
    : IClassFixture<TermHighlighterTests.Corpus>
{
    private static readonly string[] QueryTexts =
    [
        "jeugdoverlast", "woninginbraak", "hennep", "politie", "gemeente", "burgemeester", "ondermijning", "RIEC", "OM",
        "Bibob", "cannabis", "fietsdiefstal", "wijkagent", "drugsoverlast", "ondermijningsbeeld", "woningen",
        "de", "het een", "xyzzyq", "zwaluwstaart", "overlast jongeren", "sluiting pand", "woning inbraak",
        "politie gemeente burgemeester", "hennepkwekerij signalen", "jeugd overlast buurt", "Openbaar Ministerie",
        "de politie", "amp lt gt", "mark",
    ];

    [Fact]
    public void Should_make_the_snippets_and_offsets_of_lucenes_highlighter_for_plain_words()
    {
        var queries = Queries(corpus).ToList();
        var lean = 0;
        var compared = 0;
        var marked = 0;
        var joined = 0;
        var escaped = 0;
        var plain = 0;
        var stopped = 0;
        var mismatches = new List<string>();
        foreach (var (index, (name, query)) in queries.Index())
        {
            // Ours serves all hits of the query, as in a request; the reference is made afresh for each hit (nothing reused).
            var ours = new SnippetBuilder(query, corpus.Reader, corpus.Analyzer);
            lean += ours.UsesTermHighlighter ? 1 : 0;
            foreach (var (doc, body) in corpus.Documents)
            {
                var reference = new SnippetBuilder(query, corpus.Reader, corpus.Analyzer, luceneForTerms: true);
                var whole = new SnippetBuilder(query, corpus.Reader, corpus.Analyzer, luceneForTerms: true, readAll: true);
                var description = doc % 3 == 0 ? "Beschrijving & <samenvatting> van \"" + name + "\"" : null;
                // By the document's number (reading stops once the best fragments hold all its query words), and for a third without.
                foreach (var number in index % 3 == 0 ? new[] { doc, -1 } : [doc])
                {
                    var expected = reference.Build(body, description, number, out var expectedOffset);
                    var actual = ours.Build(body, description, number, out var actualOffset);
                    compared++;
                    if (expected != actual || expectedOffset != actualOffset)
                    {
                        mismatches.Add($"query '{name}', doc {doc}/{number}: offset {expectedOffset} vs {actualOffset}\n  lucene: {expected}\n  ours:   {actual}");
                    }

                    // Stopping early (where the index says no later fragment can beat the best ones) changes nothing.
                    var read = whole.Build(body, description, number, out var readOffset);
                    if (read != actual || readOffset != actualOffset)
                    {
                        mismatches.Add($"query '{name}', doc {doc}/{number}: offset {readOffset} vs {actualOffset}\n  lucene, all read: {read}\n  ours:   {actual}");
                    }

                    marked += expected.Contains("<mark>", StringComparison.Ordinal) ? 1 : 0;
                    joined += expected.Contains("</mark>", StringComparison.Ordinal) && expected.Contains(" … ", StringComparison.Ordinal) ? 1 : 0;
                    escaped += expected.Contains("<mark>", StringComparison.Ordinal) && expected.Contains("&lt;", StringComparison.Ordinal) ? 1 : 0;
                    plain += expectedOffset is null ? 1 : 0;
                }
            }

            stopped += ours.StoppedByPositions;
        }

        output.WriteLine($"{queries.Count} queries ({lean} plain words), {corpus.Documents.Count} texts, {compared} snippets: {marked} marked, {joined} of two fragments, {escaped} with escapes, {plain} plain, {stopped} stopped by positions");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} differ:\n" + string.Join("\n", mismatches.Take(5)));

        // The comparison covered what it must: our highlighter, marks, two fragments, escapes, and the plain fallback.
        Assert.True(lean >= queries.Count * 3 / 4, $"{lean} of {queries.Count} queries took our highlighter");
        Assert.True(marked > compared / 4, $"{marked} of {compared} marked");
        Assert.True(joined > 100, $"{joined} of two fragments");
        Assert.True(escaped > 50, $"{escaped} with escapes");
        Assert.True(plain > 100, $"{plain} plain");
        Assert.True(stopped > 100, $"{stopped} stopped by positions");
    }

    [Fact]
    public void Should_make_the_same_snippets_from_the_indexs_positions_as_from_the_whole_chain()
    {
        var searcher = new IndexSearcher(corpus.Reader);
        var layout = new DutchLayoutAnalyzer(AnalysisResources.Default);
        var (compared, laidOut, marked, concepts, mismatches) = (0, 0, 0, 0, new List<string>());
        foreach (var (name, query) in Queries(corpus))
        {
            // As a request: the search looks the words up first; both builders serve all hits, one after another.
            using var terms = new TermStates(searcher);
            terms.WithStates(query);
            var chain = new SnippetBuilder(query, corpus.Reader, corpus.Analyzer, terms);
            var positions = new SnippetBuilder(query, corpus.Reader, corpus.Analyzer, terms, layout);
            laidOut += positions.UsesLayout ? 1 : 0;
            foreach (var (doc, body) in corpus.Documents)
            {
                var description = doc % 3 == 0 ? "Beschrijving van \"" + name + "\"" : null;
                var expected = chain.Build(body, description, doc, out var expectedOffset);
                var actual = positions.Build(body, description, doc, out var actualOffset);
                compared++;
                if (expected != actual || expectedOffset != actualOffset)
                {
                    mismatches.Add($"query '{name}', doc {doc}: offset {expectedOffset} vs {actualOffset}\n  chain:     {expected}\n  positions: {actual}");
                }

                marked += expected.Contains("<mark>", StringComparison.Ordinal) ? 1 : 0;
                concepts += ConceptMarks().IsMatch(expected) ? 1 : 0;
            }
        }

        output.WriteLine($"{compared} snippets ({laidOut} queries laid out): {marked} marked, {concepts} marking a multi-word concept form");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} differ:\n" + string.Join("\n", mismatches.Take(5)));
        Assert.True(laidOut > 40, $"{laidOut} queries laid out");
        Assert.True(marked > compared / 4, $"{marked} of {compared} marked");
        Assert.True(concepts > 20, $"{concepts} marking a multi-word concept form");
    }

    [Fact]
    public void Should_mark_a_multi_word_concept_form_whole_from_the_indexs_positions()
    {
        var query = QueryFactory.Parse("OM", DutchAnalyzers.CreateQueryAnalyzer(AnalysisResources.Default), true);
        using var terms = new TermStates(new IndexSearcher(corpus.Reader));
        terms.WithStates(query);
        var builder = new SnippetBuilder(query, corpus.Reader, corpus.Analyzer, terms, new DutchLayoutAnalyzer(AnalysisResources.Default));
        var (doc, body) = corpus.Documents.First(d => d.Body.StartsWith("Het Openbaar Ministerie", StringComparison.Ordinal));

        var snippet = builder.Build(body, null, doc, out var offset);

        Assert.True(builder.UsesLayout);
        Assert.StartsWith("Het <mark>Openbaar Ministerie</mark> en de <mark>OM</mark>-officier", snippet, StringComparison.Ordinal);
        Assert.Equal(4, offset);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<mark>\w+ \w+[^<]*</mark>")]
    private static partial System.Text.RegularExpressions.Regex ConceptMarks();

    [Fact]
    public void Should_mark_a_compound_and_its_parts_once_over_the_compound()
    {
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Body, "inbrak")), Occur.SHOULD },
            { new TermQuery(new Term(IndexFields.Body, "woninginbrak")), Occur.SHOULD },
        };
        var builder = new SnippetBuilder(query, corpus.Reader, corpus.Analyzer);

        var snippet = builder.Build("Na de woninginbraken & <diefstal> volgde \"overleg\".", null, out var offset);

        Assert.True(builder.UsesTermHighlighter);
        Assert.Equal("Na de <mark>woninginbraken</mark> &amp; &lt;diefstal&gt; volgde &quot;overleg&quot;.", snippet);
        Assert.Equal(6, offset);
    }

    [Fact]
    public void Should_weigh_the_words_as_lucenes_extractor_does_when_the_frequencies_come_from_the_request()
    {
        var searcher = new IndexSearcher(corpus.Reader);
        var compared = 0;
        foreach (var (name, query) in Queries(corpus))
        {
            using var terms = new TermStates(searcher);
            terms.WithStates(query); // as a request: the search looks the words up first
            var expected = new Lucene.Net.Search.Highlight.WeightedSpanTermExtractor()
                .GetWeightedSpanTermsWithScores(query, new Lucene.Net.Analysis.Miscellaneous.EmptyTokenStream(), IndexFields.Body, corpus.Reader);
            var actual = SnippetBuilder.WithIdf(
                new Lucene.Net.Search.Highlight.WeightedSpanTermExtractor().GetWeightedSpanTerms(query, new Lucene.Net.Analysis.Miscellaneous.EmptyTokenStream(), IndexFields.Body),
                corpus.Reader.MaxDoc, terms);

            Assert.Equal(expected.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value.Weight)),
                actual.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value.Weight)));
            compared += expected.Count;
        }

        Assert.True(compared > 100, $"{compared} weights compared");
    }

    /// <summary>The parsed queries of the query texts, and plain term queries of their index terms (boosted, with an exclusion).</summary>
    private static IEnumerable<(string Name, Query Query)> Queries(Corpus corpus)
    {
        var queryAnalyzer = DutchAnalyzers.CreateQueryAnalyzer(AnalysisResources.Default);
        var random = new Random(20250611);
        var texts = QueryTexts.Concat(Enumerable.Range(0, 12).Select(i =>
            string.Join(' ', Enumerable.Range(0, 1 + (i % 3)).Select(_ => corpus.Words[random.Next(corpus.Words.Count)]))));
        foreach (var text in texts)
        {
            foreach (var all in text.Contains(' ', StringComparison.Ordinal) ? new[] { false, true } : [false])
            {
                yield return ($"{text} ({(all ? "all" : "any")})", QueryFactory.Parse(text, queryAnalyzer, all, AnalysisResources.Default.Compounds));
            }

            var terms = Terms(corpus.IndexAnalyzer, text);
            if (terms.Count > 0)
            {
                var query = new BooleanQuery();
                for (var i = 0; i < terms.Count; i++)
                {
                    query.Add(new TermQuery(new Term(IndexFields.Body, terms[i])) { Boost = 1 + (i % 3 * 0.75f) }, Occur.SHOULD);
                }

                query.Add(new TermQuery(new Term(IndexFields.Body, "gemeent")), Occur.MUST_NOT);
                yield return ($"{text} (terms)", terms.Count == 1 ? new TermQuery(new Term(IndexFields.Body, terms[0])) : query);
            }
        }
    }

    private static List<string> Terms(Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(IndexFields.Body, text);
        var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms.Distinct().ToList();
    }

    /// <summary>
    /// An index of the texts: every sample document (its extracted body and its file as it is, markup and all) and
    /// generated texts of the samples' words with punctuation, markup characters, line endings and compounds, some longer
    /// than the highlighted 30,000 characters.
    /// </summary>
    public sealed class Corpus : IDisposable
    {
        /// <summary>Compounds, and concept forms of several words (and of one) in the cases texts write them.</summary>
        private static readonly string[] Compounds =
        [
            "woninginbraak", "woninginbraken", "jeugdoverlast", "drugsoverlast", "fietsdiefstal", "hennepkwekerij", "ondermijningsbeeld", "buurtbewoners",
            "Openbaar Ministerie", "openbaar ministerie", "outlaw motorcycle gangs", "RIEC", "wet Bibob", "de geestelijke gezondheidszorg", "OM",
        ];

        private static readonly string[] Between =
            [" ", " ", " ", " ", ", ", ". ", "; ", "! ", "? ", " - ", " & ", " <b>", "</b> ", " \"", "\" ", "'s ", " (OM) ", "\r\n", "\n\n", "\t", "\u2028", " … ", " &amp; ", " <mark>", " > "];

        private readonly RAMDirectory _directory = new();

        public Corpus()
        {
            IndexAnalyzer = DutchAnalyzers.CreateIndexAnalyzer(AnalysisResources.Default);
            Analyzer = IndexAnalyzer;
            var texts = SampleTexts().ToList();
            texts.Add("Het Openbaar Ministerie en de OM-officier spraken met het RIEC over de wet Bibob.");
            Words = texts.SelectMany(t => t.Split((char[])[' ', '\n', '\r', '\t', ',', '.', ';', ':', '(', ')', '"', '\'', '<', '>', '/', '=', '-'], StringSplitOptions.RemoveEmptyEntries))
                .Where(w => w.Length > 1 && w.All(char.IsLetter)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var random = new Random(42);
            for (var i = 0; i < 48; i++)
            {
                var words = i switch
                {
                    < 12 => random.Next(1, 40),
                    < 40 => random.Next(100, 600),
                    _ => random.Next(5_000, 7_000), // beyond 30,000 characters
                };
                texts.Add(Generate(random, words, i % 5 == 0));
            }

            using (var writer = new IndexWriter(_directory, new IndexWriterConfig(DutchTextAnalyzer.Version, IndexAnalyzer) { MaxBufferedDocs = 40 }))
            {
                foreach (var text in texts)
                {
                    writer.AddDocument(new Document { new TextField(IndexFields.Body, text, Field.Store.YES) });
                }
            }

            Reader = DirectoryReader.Open(_directory);
            Assert.True(Reader.Leaves.Count > 1); // hits in several segments
            Documents = Enumerable.Range(0, Reader.MaxDoc).Select(d => (d, Reader.Document(d).Get(IndexFields.Body))).ToList();
        }

        public Analyzer IndexAnalyzer { get; }

        public Analyzer Analyzer { get; }

        public IndexReader Reader { get; }

        public IReadOnlyList<(int Doc, string Body)> Documents { get; }

        public IReadOnlyList<string> Words { get; }

        public void Dispose()
        {
            Reader.Dispose();
            _directory.Dispose();
        }

        private string Generate(Random random, int count, bool padded)
        {
            var text = new StringBuilder(padded ? " \r\n\t" : string.Empty);
            for (var i = 0; i < count; i++)
            {
                var word = random.Next(12) == 0 ? Compounds[random.Next(Compounds.Length)] : Words[random.Next(Words.Count)];
                text.Append(random.Next(8) == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                text.Append(Between[random.Next(Between.Length)]);
            }

            return text.Append(padded ? "\n \u2029" : string.Empty).ToString();
        }

        private static IEnumerable<string> SampleTexts()
        {
            var files = System.IO.Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "samples"), "*", SearchOption.AllDirectories)
                .Where(f => Path.GetExtension(f) is ".html" or ".md" or ".txt").Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var raw = File.ReadAllText(file, Encoding.UTF8);
                var content = Path.GetExtension(file) == ".html"
                    ? HtmlExtractor.Extract(raw)
                    : PlainTextExtractor.Extract(raw, markdown: Path.GetExtension(file) == ".md", Path.GetFileNameWithoutExtension(file));
                if (!string.IsNullOrWhiteSpace(content.Body))
                {
                    yield return content.Body;
                }

                yield return raw;
            }
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Search.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Search.sln not found.");
        }
    }
}
