using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.Cli.Faults;

/// <summary>
/// The child process of the kill loop: opens the index with the service's own <see cref="LuceneIndex"/> and loops
/// upsert + commit, one batch at a time. It prints one line per step on stdout, flushed at once, so that the parent
/// knows which documents were acknowledged (committed) when it kills the process:
/// <c>opened docs=N</c>, <c>committing through=K</c> just before <see cref="LuceneIndex.CommitAsync"/> and
/// <c>committed through=K</c> right after it (documents <c>0..K-1</c> are then durable).
/// </summary>
public static class WriterLoop
{
    public const string SourceId = "faults";

    public static async Task<int> RunAsync(string indexPath, int batchSize, int? batches, CancellationToken cancellationToken)
    {
        using var index = LuceneIndex.OpenFileSystem(indexPath, NullLogger<LuceneIndex>.Instance);

        // The documents are numbered 0, 1, 2, …: the index holds a prefix of them, so its size is the next number.
        var next = index.GetIds(SourceId).Count;
        Say($"opened docs={next.ToString(CultureInfo.InvariantCulture)}");
        for (var batch = 0; batches is null || batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var documents = Enumerable.Range(next, batchSize).Select(Document).ToList();
            await index.UpsertAsync(documents, cancellationToken);
            next += batchSize;
            Say($"committing through={next.ToString(CultureInfo.InvariantCulture)}");
            await index.CommitAsync(cancellationToken);
            Say($"committed through={next.ToString(CultureInfo.InvariantCulture)}");
        }

        return 0;
    }

    public static string IdOf(int number) => $"kill-{number.ToString("D7", CultureInfo.InvariantCulture)}";

    /// <summary>A deterministic Dutch-looking document of 80–400 words (the number seeds the text).</summary>
    public static IndexDocument Document(int number)
    {
        var random = new Random(number);
        var body = new StringBuilder();
        var words = random.Next(80, 400);
        for (var i = 0; i < words; i++)
        {
            body.Append(Words[random.Next(Words.Length)]).Append(i % 17 == 16 ? ". " : " ");
        }

        return new IndexDocument
        {
            Id = IdOf(number),
            SourceId = SourceId,
            SourceName = "Kill loop",
            Url = $"https://faults.invalid/doc/{number.ToString(CultureInfo.InvariantCulture)}",
            Title = $"Document {number.ToString(CultureInfo.InvariantCulture)} over {Words[random.Next(Words.Length)]} en {Words[random.Next(Words.Length)]}",
            Body = body.ToString(),
            Type = "artikel",
            Format = "html",
            Published = new DateOnly(2020, 1, 1).AddDays(number % 2000),
        };
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    private static readonly string[] Words =
    [
        "gemeente", "ondermijning", "convenant", "woninginbraak", "politie", "burgemeester", "hennepteelt", "bestuurlijke",
        "aanpak", "vastgoedfraude", "witwassen", "jeugdoverlast", "straatcoaches", "veiligheidshuis", "handhaving", "sluiting",
        "drugspanden", "beleidsregel", "opiumwet", "samenwerking", "informatie", "uitwisseling", "regionaal", "netwerk",
        "preventie", "woonoverlast", "waarschuwing", "ondernemers", "keurmerk", "cameratoezicht", "buurtpreventie", "wijkagent",
        "zorg", "verward", "gedrag", "huiselijk", "geweld", "criminaliteit", "georganiseerde", "motorclubs", "clubhuis",
        "vergunning", "bibob", "integriteit", "toetsing", "horeca", "exploitatie", "prostitutie", "mensenhandel", "uitbuiting",
        "arbeidsmigranten", "huisvesting", "leegstand", "kraken", "brandveiligheid", "evenementen", "vuurwerk", "jaarwisseling",
        "de", "het", "een", "en", "van", "in", "op", "met", "voor", "door", "over", "bij", "naar", "om", "aan",
    ];
}
