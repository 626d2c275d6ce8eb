using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.SearchApi.Tests.Search;

/// <summary>
/// An index of documents made of random words from a small vocabulary (so that phrases match near and far), in several
/// segments, with some documents replaced (they stay in their segments as deleted ones, still counted by document
/// frequencies): the ground for tests that compare two ways of searching to the last bit.
/// </summary>
internal static class RandomWordIndex
{
    /// <summary>A small vocabulary of the knowledge banks' words: phrases of them match near and far.</summary>
    public static readonly string[] Words =
    [
        "aanpak", "woonoverlast", "gemeente", "burgemeester", "hennep", "teelt", "sluiting", "pand", "drugs", "beleidsregel",
        "politie", "woning", "overlast", "jongeren", "buurt", "signalen", "convenant", "integrale", "veiligheid", "ondermijning",
    ];

    /// <summary>Five segments of <paramref name="perSegment"/> documents, then <paramref name="replaced"/> of segment <paramref name="replacedSegment"/> written again.</summary>
    public static async Task FillAsync(LuceneIndex index, IReadOnlyList<string> words, int seed, int perSegment, int replacedSegment, int replaced, DateOnly today)
    {
        var random = new Random(seed);
        for (var segment = 0; segment < 5; segment++)
        {
            await index.UpsertAsync(Enumerable.Range(0, perSegment).Select(i => Doc(random, words, $"d{segment}-{i}", today)).ToList(), CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }

        await index.UpsertAsync(Enumerable.Range(0, replaced).Select(i => Doc(random, words, $"d{replacedSegment}-{i * 3}", today)).ToList(), CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
    }

    /// <summary>A document of random words: source, type and date random too.</summary>
    public static IndexDocument Doc(Random random, IReadOnlyList<string> words, string id, DateOnly today)
    {
        string Text(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Count)]));
        return new IndexDocument
        {
            Id = id,
            SourceId = random.Next(3) == 0 ? "ccv" : "oost",
            SourceName = "Bron",
            Url = $"https://x.example/{id}",
            Title = Text(random.Next(3, 8)),
            Description = random.Next(2) == 0 ? Text(random.Next(5, 15)) : null,
            Body = Text(random.Next(20, 200)),
            Type = random.Next(4) == 0 ? "convenant" : "nieuws",
            Format = "html",
            Published = today.AddDays(-random.Next(4000)),
        };
    }
}
