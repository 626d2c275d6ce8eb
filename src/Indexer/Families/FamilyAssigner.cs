using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Indexer.Schema;

namespace Search.Indexer.Families;

/// <summary>
/// Assigns version families at index time: a document joins the family of its most similar already indexed document
/// (of any source, or earlier in the same batch) when the Jaccard similarity of their 5-word shingles reaches
/// <see cref="Threshold"/>; otherwise its own id names a new family. LSH band keys find the candidates, the stored
/// MinHash signature discards the clearly different ones, and the exact shingle Jaccard of the stored text decides,
/// so the estimator's noise cannot move a pair across the threshold. A family id is only a shared label: removing
/// any member, the one whose id it is included, leaves the others grouped.
/// </summary>
public static class FamilyAssigner
{
    /// <summary>
    /// The Jaccard similarity of 5-word shingles from which two texts are versions of one document. Measured with
    /// <c>dotnet run --project src/Cli -- families</c> (see the README): documents built on one template stay below
    /// (boa designation decisions of different municipalities 0.40–0.58, two sentencing guidelines that differ in the
    /// vehicle and the amounts 0.70); copies with a few words and a sentence changed and other site chrome reach it from
    /// about 400 words on.
    /// </summary>
    public const double Threshold = 0.75;

    /// <summary>Texts with fewer distinct shingles (about 25 words) are too short to compare and form families of one.</summary>
    public const int MinShingles = 20;

    /// <summary>Candidates whose MinHash estimate is this far below the threshold are not compared exactly (over 6 standard errors).</summary>
    private const double EstimateSlack = 0.15;

    /// <summary>Band-key matches verified per document.</summary>
    private const int MaxCandidates = 100;

    private static readonly HashSet<string> CandidateFields = [IndexFields.Id, IndexFields.FamilyId, IndexFields.Fingerprint];
    private static readonly HashSet<string> BodyField = [IndexFields.Body];

    /// <summary>The MinHash fingerprint of a text; empty when the text is too short to compare.</summary>
    public static uint[] Fingerprint(string text) => Fingerprint(Shingles.Of(text));

    /// <summary>True when two texts are versions of one document.</summary>
    public static bool AreVersions(string a, string b)
    {
        var (sa, sb) = (Shingles.Of(a), Shingles.Of(b));
        return sa.Count >= MinShingles && sb.Count >= MinShingles && Shingles.Jaccard(sa, sb) >= Threshold;
    }

    /// <summary>
    /// The batch with fingerprints and family ids set. <paramref name="searcher"/> must see every earlier write
    /// (<see cref="Writing.LuceneIndex"/> calls this under its write lock).
    /// </summary>
    public static IReadOnlyCollection<IndexDocument> Assign(IndexSearcher searcher, IReadOnlyCollection<IndexDocument> batch)
    {
        var inBatch = batch.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var assigned = new List<IndexDocument>(batch.Count);
        var batchBands = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        foreach (var document in batch)
        {
            var shingles = Shingles.Of(document.Body);
            var fingerprint = Fingerprint(shingles);
            var bands = MinHash.BandKeys(fingerprint);
            var candidates = bands.SelectMany(b => batchBands.GetValueOrDefault(b) ?? []).DistinctBy(c => c.Id)
                .Concat(IndexCandidates(searcher, bands, inBatch));
            var best = candidates
                .Where(c => c.Id != document.Id && MinHash.Similarity(fingerprint, c.Fingerprint) >= Threshold - EstimateSlack)
                .Select(c => (c.Id, c.FamilyId, Similarity: Shingles.Jaccard(shingles, c.Shingles.Value)))
                .Where(c => c.Similarity >= Threshold)
                .OrderByDescending(c => c.Similarity)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            var result = document with { Fingerprint = fingerprint, FamilyId = best.FamilyId ?? document.Id };
            assigned.Add(result);
            var self = new Candidate(result.Id, result.FamilyId, fingerprint, new Lazy<IReadOnlySet<ulong>>(shingles));
            foreach (var band in bands)
            {
                (batchBands.TryGetValue(band, out var list) ? list : batchBands[band] = []).Add(self);
            }
        }

        return assigned;
    }

    private static uint[] Fingerprint(IReadOnlySet<ulong> shingles) => shingles.Count >= MinShingles ? MinHash.Compute(shingles) : [];

    private static IEnumerable<Candidate> IndexCandidates(IndexSearcher searcher, IReadOnlyList<string> bands, HashSet<string> inBatch)
    {
        if (bands.Count == 0)
        {
            yield break;
        }

        var query = new BooleanQuery();
        foreach (var band in bands)
        {
            query.Add(new TermQuery(new Term(IndexFields.FamilyBand, band)), Occur.SHOULD);
        }

        foreach (var hit in searcher.Search(query, MaxCandidates).ScoreDocs)
        {
            var stored = searcher.Doc(hit.Doc, CandidateFields);
            var id = stored.Get(IndexFields.Id);

            // Documents rewritten in this batch are compared in their new version (above), not in the indexed one.
            if (!inBatch.Contains(id) && stored.GetBinaryValue(IndexFields.Fingerprint) is { } bytes)
            {
                var doc = hit.Doc;
                yield return new Candidate(
                    id,
                    stored.Get(IndexFields.FamilyId) ?? id,
                    MinHash.FromBytes(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length)),
                    new Lazy<IReadOnlySet<ulong>>(() => Shingles.Of(searcher.Doc(doc, BodyField).Get(IndexFields.Body) ?? string.Empty)));
            }
        }
    }

    /// <summary>A possible relative: its shingles are only computed when its signature comes close.</summary>
    private sealed record Candidate(string Id, string FamilyId, IReadOnlyList<uint> Fingerprint, Lazy<IReadOnlySet<ulong>> Shingles);
}
