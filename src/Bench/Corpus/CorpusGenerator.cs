using System.Globalization;
using System.Text;
using Search.Indexer.Schema;

namespace Search.Bench.Corpus;

/// <summary>A source of the generated corpus: id, display name and whether only members may see it.</summary>
internal sealed record CorpusSource(string Id, string Name, bool MembersOnly);

/// <summary>
/// Generates document <c>i</c> of a seeded corpus (pure: the same seed and index always give the same document, so
/// corpora of any size are prefixes of one another and need not be kept in memory). Each document copies the metadata
/// of a random sample document (source, format, type, themes, dates: the sample bank's spread) and gets a Markov body
/// that keeps mostly to that sample's topic. Bodies are log-normal in length (median ~600 words, capped at 8,000);
/// titles have 5–12 words. Place names are replaced by generated ones and ~1% of words grow into compounds, so the
/// vocabulary keeps growing with the corpus as real text does. One document in twenty is an edited copy of an earlier
/// one in another source (a version family, as the harvest would assign it).
/// </summary>
internal sealed class CorpusGenerator
{
    public const double MedianBodyWords = 600;
    public const double BodySigma = 0.84;
    public const int MaxBodyWords = 8_000;
    public const int MinBodyWords = 30;
    private const int CopyPercent = 5;

    private static readonly HashSet<string> SamplePlaces = new(StringComparer.Ordinal)
    {
        "Heerdeveen", "Zandhoek", "Westermolen", "Lindenoord", "Brederwijk", "Oosterstrand", "Kreekdorp", "Molendijk", "Molenwijk",
    };

    private static readonly string[] PlaceParts =
    [
        "veen", "kreek", "molen", "dijk", "zand", "hoek", "wester", "ooster", "brede", "linde", "heer", "berg", "dorp", "wijk",
        "broek", "horst", "rode", "hoven", "lo", "beek", "zijl", "haven", "ter", "mond", "gaard", "sloot", "donk", "rijs",
    ];

    private static readonly Dictionary<string, string> TitlePrefixes = new(StringComparer.Ordinal)
    {
        ["voorbeeldbrief"] = "Voorbeeldbrief",
        ["convenant"] = "Convenant",
        ["plan-van-aanpak"] = "Plan van aanpak",
        ["beleidsregel"] = "Beleidsregel",
        ["handreiking"] = "Handreiking",
    };

    private static readonly DateTimeOffset HarvestStart = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly IReadOnlyList<SampleDocument> _samples;
    private readonly MarkovModel _model;
    private readonly Dictionary<string, CorpusSource> _sources;
    private readonly string[] _compoundHeads;
    private readonly int _seed;

    public CorpusGenerator(IReadOnlyList<SampleDocument> samples, IReadOnlyDictionary<string, CorpusSource> sources, int seed)
    {
        _samples = samples;
        _seed = seed;
        _model = MarkovModel.Train(samples.Select(s => s.Body));
        _sources = samples.Select(s => s.SourceId).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => sources.GetValueOrDefault(id) ?? new CorpusSource(id, id, MembersOnly: false), StringComparer.Ordinal);
        _compoundHeads = samples.SelectMany(s => s.Body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(IsPlainWord).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    public MarkovModel Model => _model;

    public IndexDocument Generate(int index) => IsCopy(index) ? Copy(index) : Original(index);

    public IEnumerable<IReadOnlyList<IndexDocument>> Batches(int first, int count, int batchSize)
    {
        for (var start = first; start < first + count; start += batchSize)
        {
            var end = Math.Min(first + count, start + batchSize);
            var batch = new IndexDocument[end - start];
            for (var i = start; i < end; i++)
            {
                batch[i - start] = Generate(i);
            }

            yield return batch;
        }
    }

    private bool IsCopy(int index) => index > 0 && Mix(index, 1) % 100 < CopyPercent;

    private IndexDocument Original(int index)
    {
        var random = new Random(Mix(index, 0));
        var sample = random.Next(_samples.Count);
        var template = _samples[sample];
        var topic = _model.StartsPerText[sample];
        var place = PlaceName(random);
        string Rewrite(string word) => RewriteWord(word, place, random);

        var titleWords = random.Next(5, 13);
        var prefix = TitlePrefixes.GetValueOrDefault(template.Type);
        var phrase = _model.Phrase(random, titleWords - (prefix?.Split(' ').Length ?? 0), topic);
        var title = string.Join(' ', (prefix is null ? phrase : prefix + " " + phrase).Split(' ').Select(Rewrite));
        title = char.ToUpperInvariant(title[0]) + title[1..];

        var body = new StringBuilder();
        _model.Generate(random, BodyWords(random), topic, restart: 0.3, paragraph: 0.15, body, Rewrite);
        var description = template.Description is null ? null : _model.Phrase(random, random.Next(15, 31), topic) + ".";

        var source = _sources[template.SourceId];
        var url = $"https://{source.Id}.kennisbank.example/{template.Type}/{Slug(title)}-{index.ToString(CultureInfo.InvariantCulture)}";
        return new IndexDocument
        {
            Id = DocumentIds.For(source.Id, new Uri(url)),
            SourceId = source.Id,
            SourceName = source.Name,
            Url = url,
            Title = title,
            Description = description,
            Body = body.ToString(),
            Type = template.Type,
            Themes = template.Themes,
            Published = Shift(template.Published, random),
            Modified = Shift(template.Modified, random),
            Format = template.Format,
            Access = [source.MembersOnly ? AccessLabels.Members : AccessLabels.Public],
            HarvestedAt = HarvestStart.AddSeconds(index),
        };
    }

    /// <summary>An earlier original, republished by another source with some words changed: same version family.</summary>
    private IndexDocument Copy(int index)
    {
        var random = new Random(Mix(index, 2));
        var originalIndex = random.Next(index);
        while (IsCopy(originalIndex))
        {
            originalIndex--;
        }

        var original = Original(originalIndex);
        var others = _sources.Values.Where(s => s.Id != original.SourceId).ToList();
        var source = others.Count > 0 ? others[random.Next(others.Count)] : _sources[original.SourceId];
        var words = original.Body.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (random.NextDouble() < 0.02 && IsPlainWord(words[i]))
            {
                words[i] = _compoundHeads[random.Next(_compoundHeads.Length)];
            }
        }

        var url = $"https://{source.Id}.kennisbank.example/{original.Type}/{Slug(original.Title)}-{index.ToString(CultureInfo.InvariantCulture)}";
        return original with
        {
            Id = DocumentIds.For(source.Id, new Uri(url)),
            SourceId = source.Id,
            SourceName = source.Name,
            Url = url,
            Body = string.Join(' ', words),
            Access = [source.MembersOnly ? AccessLabels.Members : AccessLabels.Public],
            HarvestedAt = HarvestStart.AddSeconds(index),
            FamilyId = original.Id,
        };
    }

    private string RewriteWord(string word, string place, Random random)
    {
        var letters = word.TrimEnd('.', ',', ';', ':', '!', '?', ')', '\'', '’', 's');
        if (letters.Length > 0 && SamplePlaces.Contains(letters))
        {
            return place + word[letters.Length..];
        }

        return random.NextDouble() < 0.01 && IsPlainWord(word) ? word + _compoundHeads[random.Next(_compoundHeads.Length)] : word;
    }

    private static int BodyWords(Random random)
    {
        // Box–Muller: a standard normal from two uniforms.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Clamp(Math.Round(MedianBodyWords * Math.Exp(BodySigma * normal)), MinBodyWords, MaxBodyWords);
    }

    private static string PlaceName(Random random)
    {
        var name = PlaceParts[random.Next(PlaceParts.Length)] + PlaceParts[random.Next(PlaceParts.Length)];
        if (random.Next(4) == 0)
        {
            name += PlaceParts[random.Next(PlaceParts.Length)];
        }

        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private static DateOnly? Shift(DateOnly? date, Random random)
    {
        if (date is not { } d)
        {
            return null;
        }

        var year = Math.Min(2026, d.Year + random.Next(-4, 2));
        return new DateOnly(year, 1, 1).AddDays(random.Next(DateTime.IsLeapYear(year) ? 366 : 365));
    }

    private static bool IsPlainWord(string word) => word.Length >= 5 && word.All(c => c is >= 'a' and <= 'z');

    private static string Slug(string title) =>
        string.Join('-', title.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())).Where(w => w.Length > 0).Take(8));

    /// <summary>A well-mixed 31-bit seed for (corpus seed, index, purpose).</summary>
    private int Mix(int index, int purpose)
    {
        var x = ((ulong)(uint)_seed << 32) ^ ((ulong)(uint)index * 0x9E3779B97F4A7C15UL) ^ ((ulong)purpose << 56);
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & 0x7FFFFFFF);
    }
}
