using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>
/// Multiplies the text score by two mild signals: recency (newer documents rise a little, never past a clearly better
/// text match) and document type (the instruments staff look for — model letters, covenants, policy rules, action
/// plans, toolkits — win ties over news and other pages).
/// </summary>
public sealed class RankingSignalsQuery(Query query, DateOnly today) : CustomScoreQuery(query)
{
    /// <summary>A document from today scores up to this much more than an undated or very old one.</summary>
    public const float RecencyWeight = 0.10f;

    /// <summary>Age in years at which the recency bonus has fallen to about a third.</summary>
    public const double RecencyYears = 4;

    /// <summary>Bonus for the document types that are the instruments of the knowledge banks.</summary>
    public const float TypeWeight = 0.03f;

    public static readonly IReadOnlySet<string> InstrumentTypes =
        new HashSet<string>(StringComparer.Ordinal) { "voorbeeldbrief", "convenant", "beleidsregel", "plan-van-aanpak", "handreiking" };

    protected override CustomScoreProvider GetCustomScoreProvider(AtomicReaderContext context) => new Provider(context, today.DayNumber);

    /// <summary>The multiplier for a document of the given date (epoch days, 0 = unknown) and type.</summary>
    public static float Factor(long dayNumber, int todayDayNumber, bool instrument)
    {
        var recency = dayNumber <= 0 ? 0 : Recency(Math.Max(0, todayDayNumber - dayNumber));
        return (float)(1 + recency + (instrument ? TypeWeight : 0));
    }

    /// <summary>The recency bonus of each age in days up to <see cref="TabulatedDays"/>: a broad query asks for it per match.</summary>
    private static readonly double[] RecencyByAge = Enumerable.Range(0, TabulatedDays).Select(age => RecencyOf(age)).ToArray();

    private const int TabulatedDays = 40 * 366;

    private static double Recency(long ageInDays) => ageInDays < TabulatedDays ? RecencyByAge[ageInDays] : RecencyOf(ageInDays);

    private static double RecencyOf(long ageInDays) => RecencyWeight * Math.Exp(-ageInDays / 365.25 / RecencyYears);

    /// <summary>The signals of one segment: the factor of each of its documents.</summary>
    internal sealed class Signals
    {
        private readonly int[] _dates;
        private readonly FacetOrds _types;
        private readonly bool[] _instrumentOrds;
        private readonly int _today;

        public Signals(AtomicReader reader, int today)
        {
            _today = today;
            var values = SegmentValues.Of(reader);
            _dates = values.SortDates;
            _types = values.Facets[IndexFields.Type];
            _instrumentOrds = _types.Values.Select(InstrumentTypes.Contains).ToArray();
        }

        public float Factor(int doc) => RankingSignalsQuery.Factor(_dates[doc], _today, IsInstrument(doc));

        /// <summary>Whether the document's (first) type is an instrument type.</summary>
        private bool IsInstrument(int doc) => _types.Of(doc) is [var ord, ..] && _instrumentOrds[ord];
    }

    private sealed class Provider(AtomicReaderContext context, int today) : CustomScoreProvider(context)
    {
        private readonly Signals _signals = new(context.AtomicReader, today);

        public override float CustomScore(int doc, float subQueryScore, float valSrcScore) => subQueryScore * _signals.Factor(doc);

        public override float CustomScore(int doc, float subQueryScore, float[] valSrcScores) => subQueryScore * _signals.Factor(doc);
    }
}
