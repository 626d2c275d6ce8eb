using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
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
        var recency = dayNumber <= 0 ? 0 : RecencyWeight * Math.Exp(-Math.Max(0, todayDayNumber - dayNumber) / 365.25 / RecencyYears);
        return (float)(1 + recency + (instrument ? TypeWeight : 0));
    }

    private sealed class Provider : CustomScoreProvider
    {
        private readonly NumericDocValues? _dates;
        private readonly SortedSetDocValues? _types;
        private readonly bool[] _instrumentOrds;
        private readonly int _today;

        public Provider(AtomicReaderContext context, int today)
            : base(context)
        {
            _today = today;
            _dates = context.AtomicReader.GetNumericDocValues(IndexFields.SortDate);
            _types = context.AtomicReader.GetSortedSetDocValues(IndexFields.Type);
            _instrumentOrds = new bool[_types?.ValueCount ?? 0];
            var term = new BytesRef();
            for (var ord = 0; ord < _instrumentOrds.Length; ord++)
            {
                _types!.LookupOrd(ord, term);
                _instrumentOrds[ord] = InstrumentTypes.Contains(term.Utf8ToString());
            }
        }

        public override float CustomScore(int doc, float subQueryScore, float valSrcScore) =>
            subQueryScore * Factor(_dates?.Get(doc) ?? 0, _today, IsInstrument(doc));

        public override float CustomScore(int doc, float subQueryScore, float[] valSrcScores) =>
            subQueryScore * Factor(_dates?.Get(doc) ?? 0, _today, IsInstrument(doc));

        private bool IsInstrument(int doc)
        {
            if (_types is null)
            {
                return false;
            }

            _types.SetDocument(doc);
            var ord = _types.NextOrd();
            return ord != SortedSetDocValues.NO_MORE_ORDS && _instrumentOrds[ord];
        }
    }
}
