using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Bench.Corpus;
using Search.Indexer.Analysis;
using Search.Indexer.Families;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.Bench.Indexing;

/// <summary>Milliseconds from handing new documents to the index until they are committed and a search finds them.</summary>
internal sealed record FreshnessResult(TimeSpan Open, int BatchSize, IReadOnlyList<double> Milliseconds)
{
    public double P50 => Percentile(0.5);

    public double Max => Milliseconds.Max();

    private double Percentile(double q)
    {
        var sorted = Milliseconds.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}

/// <summary>
/// Freshness in-process on an existing index, as a harvest flush does it: <c>UpsertAsync</c> (with version families),
/// then <c>CommitAsync</c>; the clock stops when a new searcher finds the last document of the batch by id.
/// </summary>
internal static class FreshnessBench
{
    public static async Task<FreshnessResult> RunAsync(
        string indexPath, AnalysisResources analysis, CorpusGenerator corpus, int firstIndex, int repeats, int batchSize, CancellationToken cancellationToken)
    {
        var opening = Stopwatch.StartNew();
        using var index = LuceneIndex.OpenFileSystem(indexPath, NullLogger<LuceneIndex>.Instance, analysis);
        opening.Stop();
        var times = new List<double>(repeats);
        for (var r = 0; r < repeats; r++)
        {
            var batch = Enumerable.Range(firstIndex + (r * batchSize), batchSize).Select(corpus.Generate).ToList();
            var probe = new TermQuery(new Term(IndexFields.Id, batch[^1].Id));
            var started = Stopwatch.GetTimestamp();
            await index.UpsertAsync(batch, FamilyAssigner.Assign, cancellationToken);
            await index.CommitAsync(cancellationToken);
            for (var polls = 0; index.Count(probe) == 0; polls++)
            {
                if (polls > 10_000)
                {
                    throw new InvalidOperationException($"Document {batch[^1].Id} did not become searchable.");
                }

                await Task.Delay(1, cancellationToken);
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return new FreshnessResult(opening.Elapsed, batchSize, times);
    }
}
