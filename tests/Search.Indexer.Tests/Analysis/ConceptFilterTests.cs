using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

public sealed class ConceptFilterTests
{
    private static ConceptMap Concepts => AnalysisFixture.Resources.Concepts;

    [Fact]
    public void Should_emit_what_SynonymFilter_emits_for_random_runs_of_form_words()
    {
        var forms = Concepts.Concepts.SelectMany(c => c.Forms).Where(f => !ConceptMap.IsAcronymForm(f)).Select(ConceptMap.Normalise).ToList();
        var words = forms.SelectMany(f => f).Concat(["x", "de", "zorgen", "wetten"]).Distinct(StringComparer.Ordinal).ToArray();
        var random = new Random(20261130);
        for (var i = 0; i < 3_000; i++)
        {
            var text = random.Next(3) == 0
                ? string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).SelectMany(_ => forms[random.Next(forms.Count)]))
                : string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => words[random.Next(words.Length)]));

            TokenDump.AssertSame(Dump(text, s => new SynonymFilter(s, Concepts.FoldedIndex!, ignoreCase: false)),
                Dump(text, s => new ConceptFilter(s, Concepts.FoldedIndexForms)), $"'{text}'");
        }
    }

    [Fact]
    public void Should_emit_what_SynonymFilter_emits_for_acronyms_in_capitals()
    {
        const string text = "OM om Om APV apv RIEC BOA BOA OMG OMG GGZ x";

        TokenDump.AssertSame(Dump(text, s => new SynonymFilter(s, Concepts.ExactIndex!, ignoreCase: false)),
            Dump(text, s => new ConceptFilter(s, Concepts.ExactIndexForms)), text);
    }

    [Fact]
    public void Should_span_a_written_out_form_with_its_concept_token()
    {
        var tokens = Dump("het openbaar ministerie besluit", s => new ConceptFilter(s, Concepts.FoldedIndexForms)).Split('\n');

        Assert.Equal(["het", "openbaar", "x_om", "ministerie", "besluit"], tokens.SkipLast(2).Select(t => t.Split('\t')[0]));
        Assert.Equal("x_om\t0\t2\t4\t23\tSYNONYM\t-", tokens[2]);
    }

    [Fact]
    public void Should_refuse_a_stream_with_an_attribute_it_cannot_buffer()
    {
        using var tokenizer = new WhitespaceTokenizer(DutchTextAnalyzer.Version, new StringReader("openbaar ministerie"));
        tokenizer.AddAttribute<IPayloadAttribute>();

        Assert.Throws<InvalidOperationException>(() => new ConceptFilter(tokenizer, Concepts.FoldedIndexForms));
    }

    [Fact]
    public void Should_refuse_a_form_twice()
    {
        var forms = new ConceptForms();
        forms.Add(["openbaar", "ministerie"], "x_om");

        Assert.Throws<ArgumentException>(() => forms.Add(["openbaar", "ministerie"], "x_ander"));
        Assert.Throws<ArgumentException>(() => forms.Add([], "x_leeg"));
    }

    private static string Dump(string text, Func<TokenStream, TokenStream> filter)
    {
        using var stream = filter(new WhitespaceTokenizer(DutchTextAnalyzer.Version, new StringReader(text)));
        return TokenDump.Of(stream);
    }
}
