using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

/// <summary>The committed config/analysis files, loaded once, and the two analyzers built on them.</summary>
internal static class AnalysisFixture
{
    private static readonly Lazy<AnalysisResources> Loaded = new(() => AnalysisResources.Load(RepoFiles.PathOf("config", "analysis")));
    private static readonly Lazy<Analyzer> Index = new(() => DutchAnalyzers.CreateIndexAnalyzer(Resources));
    private static readonly Lazy<Analyzer> Query = new(() => DutchAnalyzers.CreateQueryAnalyzer(Resources));

    public static AnalysisResources Resources => Loaded.Value;

    public static Analyzer IndexAnalyzer => Index.Value;

    public static Analyzer QueryAnalyzer => Query.Value;

    public static List<string> IndexTokens(string text) => Terms(IndexAnalyzer, text);

    public static List<string> QueryTokens(string text) => Terms(QueryAnalyzer, text);

    /// <summary>The terms <paramref name="analyzer"/> makes of <paramref name="text"/> in the body field, in order.</summary>
    public static List<string> Terms(Analyzer analyzer, string text) => Analyze(analyzer, text).Select(t => t.Term).ToList();

    public static List<AnalyzedToken> Analyze(Analyzer analyzer, string text)
    {
        var tokens = new List<AnalyzedToken>();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add(new AnalyzedToken(term.ToString(), position, offset.StartOffset, offset.EndOffset, type.Type));
        }

        stream.End();
        return tokens;
    }
}

internal sealed record AnalyzedToken(string Term, int Position, int StartOffset, int EndOffset, string Type);
