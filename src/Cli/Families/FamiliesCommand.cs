using System.Globalization;
using Search.Indexer.Extraction;
using Search.Indexer.Families;

namespace Search.Cli.Families;

/// <summary>
/// Measures near-duplicate detection on a folder of documents (one sub-folder per source): extracts the text with the
/// indexer's <see cref="ContentExtractor"/>, prints the closest pairs by exact shingle Jaccard (what the indexer
/// decides on) next to the MinHash estimate it pre-filters with and a 64-bit SimHash, the families the threshold
/// forms, and how lightly edited copies of every document score.
/// </summary>
public static class FamiliesCommand
{
    public const string Usage = """
          families --corpus <dir> [--threshold <0..1>] [--top <n>] [--match <text>] [--edits <words>,<sentences>,<chrome>]
                                         Pairwise similarity of the documents under <dir> (sub-folder = source): the <n>
                                         closest pairs (default 25), every pair whose paths both contain <text>, the
                                         families formed at the threshold (default: the indexer's), and the similarity of
                                         simulated lightly edited copies (default 3 words, 1 sentence, 20 words of chrome).
        """;

    public static int Run(string[] args)
    {
        var corpus = FindUpward(Option(args, "--corpus"));
        if (corpus is null)
        {
            Console.Error.WriteLine("families: --corpus <dir> is required and must exist.\n" + Usage);
            return 2;
        }

        var threshold = Option(args, "--threshold") is { } t ? double.Parse(t, CultureInfo.InvariantCulture) : FamilyAssigner.Threshold;
        var top = Option(args, "--top") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 25;
        var edits = (Option(args, "--edits") ?? "3,1,20").Split(',').Select(e => int.Parse(e, CultureInfo.InvariantCulture)).ToArray();
        var match = Option(args, "--match");
        var documents = Load(corpus);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{documents.Count} documents of {corpus} with at least {FamilyAssigner.MinShingles} shingles of {Shingles.Size} words; threshold {threshold:0.00} on the exact Jaccard."));

        var pairs = new List<Pair>();
        for (var i = 0; i < documents.Count; i++)
        {
            for (var j = i + 1; j < documents.Count; j++)
            {
                pairs.Add(Pair.Of(documents[i], documents[j]));
            }
        }

        Print($"Closest {top} pairs", pairs.OrderByDescending(p => p.Jaccard).Take(top), threshold);
        if (match is not null)
        {
            Print($"Pairs of '{match}'", pairs.Where(p => p.A.Path.Contains(match, StringComparison.OrdinalIgnoreCase)
                && p.B.Path.Contains(match, StringComparison.OrdinalIgnoreCase)).OrderByDescending(p => p.Jaccard), threshold);
        }

        PrintFamilies(documents, pairs.Where(p => p.Jaccard >= threshold).ToList());
        var apart = pairs.Where(p => p.Jaccard < threshold).Select(p => p.Jaccard).DefaultIfEmpty(0).Max();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Highest pair left apart: {apart:0.000}."));
        PrintEditedCopies(documents, edits[0], edits[1], edits[2], threshold);
        return 0;
    }

    private static List<Doc> Load(string root)
    {
        var documents = new List<Doc>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (!relative.Contains('/') || relative.StartsWith("attachment-sources/", StringComparison.Ordinal))
            {
                continue; // notes at the corpus root; the texts the sample attachments are built from
            }

            try
            {
                var (_, content) = ContentExtractor.Extract(File.ReadAllBytes(file), null, new Uri("https://corpus.example/" + relative), null);
                var shingles = Shingles.Of(content.Body);
                if (shingles.Count >= FamilyAssigner.MinShingles)
                {
                    documents.Add(new Doc(relative, content.Body, shingles, MinHash.Compute(shingles), SimHash.Compute(shingles)));
                }
            }
            catch (ExtractionException ex)
            {
                Console.Error.WriteLine($"skipped {relative}: {ex.Message}");
            }
        }

        return documents;
    }

    private static void Print(string heading, IEnumerable<Pair> pairs, double threshold)
    {
        Console.WriteLine($"\n{heading}\n  jaccard  minhash  simhash  contain  grouped  pair");
        foreach (var p in pairs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.Jaccard,7:0.000}  {p.MinHash,7:0.000}  {p.SimHash,7:0.000}  {p.Containment,7:0.000}  {(p.Jaccard >= threshold ? "yes" : "-"),7}  {p.A.Path} ↔ {p.B.Path}"));
        }
    }

    private static void PrintFamilies(List<Doc> documents, List<Pair> grouped)
    {
        var parent = documents.ToDictionary(d => d.Path, d => d.Path, StringComparer.Ordinal);
        string Find(string path) => parent[path] == path ? path : parent[path] = Find(parent[path]);
        foreach (var pair in grouped)
        {
            parent[Find(pair.B.Path)] = Find(pair.A.Path);
        }

        var families = documents.GroupBy(d => Find(d.Path)).Where(g => g.Count() > 1).ToList();
        Console.WriteLine($"\nFamilies at the threshold: {families.Count}");
        foreach (var members in families)
        {
            Console.WriteLine("  " + string.Join("  +  ", members.Select(m => m.Path)));
        }
    }

    private static void PrintEditedCopies(List<Doc> documents, int words, int sentences, int chrome, double threshold)
    {
        var vocabulary = documents.SelectMany(d => Shingles.Words(d.Text)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var copies = new EditedCopies(vocabulary, seed: 4);
        Console.WriteLine($"\nLightly edited copies ({words} words and {sentences} sentence(s) changed, {chrome} words of chrome on each side; 5 per document)");
        Console.WriteLine("  words        docs    min     p5  median  grouped");
        foreach (var (low, high) in new[] { (25, 150), (150, 400), (400, 1000), (1000, int.MaxValue) })
        {
            var band = documents.Where(d => Shingles.Words(d.Text).Count is var c && c >= low && c < high).ToList();
            if (band.Count == 0)
            {
                continue;
            }

            var scores = band.SelectMany(d => Enumerable.Range(0, 5)
                .Select(_ => Shingles.Jaccard(d.Shingles, Shingles.Of(copies.Edit(d.Text, words, sentences, chrome))))).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(high == int.MaxValue ? $"{low}+" : $"{low}–{high - 1}"),-11} {band.Count,5}  {scores[0],5:0.00}  {scores[scores.Count / 20],5:0.00}  {scores[scores.Count / 2],6:0.00}  {scores.Count(s => s >= threshold) * 100.0 / scores.Count,6:0}%"));
        }
    }

    private static string? FindUpward(string? path)
    {
        if (path is null || Path.IsPathRooted(path))
        {
            return path is not null && Directory.Exists(path) ? Path.GetFullPath(path) : null;
        }

        // `dotnet run --project src/Cli` may start in the project folder: also try relative to its parents.
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private sealed record Doc(string Path, string Text, IReadOnlySet<ulong> Shingles, uint[] MinHash, ulong SimHash);

    private sealed record Pair(Doc A, Doc B, double Jaccard, double Containment, double MinHash, double SimHash)
    {
        public static Pair Of(Doc a, Doc b)
        {
            var common = a.Shingles.Count(b.Shingles.Contains);
            return new Pair(a, b, Indexer.Families.Shingles.Jaccard(a.Shingles, b.Shingles), (double)common / Math.Min(a.Shingles.Count, b.Shingles.Count),
                Indexer.Families.MinHash.Similarity(a.MinHash, b.MinHash), Cli.Families.SimHash.Similarity(a.SimHash, b.SimHash));
        }
    }
}
