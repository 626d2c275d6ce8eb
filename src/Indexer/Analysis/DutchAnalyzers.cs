using Lucene.Net.Analysis;

namespace Search.Indexer.Analysis;

/// <summary>
/// The two Dutch analyzers. Documents are analyzed with the index analyzer and queries with the query analyzer:
/// decompounding only at index time (query parts would be ORed and cost precision), one-word synonyms only at query
/// time (so that they reach compound parts, which exist only in the index).
/// </summary>
public static class DutchAnalyzers
{
    public static Analyzer CreateIndexAnalyzer(AnalysisResources resources) => new DutchTextAnalyzer(resources, AnalysisMode.Index);

    public static Analyzer CreateQueryAnalyzer(AnalysisResources resources) => new DutchTextAnalyzer(resources, AnalysisMode.Query);
}
