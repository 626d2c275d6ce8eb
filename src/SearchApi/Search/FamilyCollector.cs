using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>
/// Collects the matching documents collapsed by version family: one hit per family, represented by its matching member
/// from a preferred source, else its newest matching member (then the best-scoring, then the first). By relevance a family
/// ranks with its best-scoring member (ties: the family whose first matching document comes first); by date with its
/// representative's date, so that the dates shown stay in order. <see cref="TotalHits"/> counts families, exactly.
/// </summary>
/// <remarks>
/// Most documents are the only member of their family (<see cref="FamilyOrdinals.Grouped"/>): such a match is counted and
/// offered to a bounded heap of the best <c>numHits</c> lone documents, as a plain top-N collector does. A match whose family
/// has other members costs a few array reads and writes: families are numbered index-wide (<see cref="FamilyOrdinals"/>),
/// each family touched gets one entry in a list, found through a slot array over the family numbers (-1: not yet
/// touched; the entries set are put back to -1 at the end, so no search clears the whole array). <see cref="Finish"/> picks
/// the best <c>numHits</c> of those families and the lone documents kept.
/// Documents without a family id, and <see cref="Standalone"/> ones, are families of their own.
/// With a <see cref="Boost"/> (by relevance only) the search runs without the boost clause, and the collector scores the
/// boost afterwards for the families that could reach the first <c>numHits</c> (see <see cref="LateBoost"/>).
/// </remarks>
public sealed partial class FamilyCollector(bool byDate, IReadOnlyCollection<string> preferredSources, int numHits) : ITopDocsCollector
{
    private Scorer? _scorer;
    private int _docBase;
    private SegmentValues? _segment;
    private FacetOrds? _sources;
    private bool[] _preferredOrds = [];
    private int[]? _grouped;
    private FixedBitSet? _standalone;
    private FamilyOrdinals? _ordinals;
    private int[]? _slots;
    private Family[] _families = [];
    private int _count;
    private float _maxScore = float.NaN;
    private ScoreDoc[]? _ranked;
    private SegmentBoost? _boost;
    private RankingSignalsQuery.Signals? _signals;
    private Hit[] _hits = [];

    /// <summary>The best lone documents so far (a heap, the worst at the root) and how many lone documents matched.</summary>
    private readonly Family[] _alone = new Family[Math.Max(0, numHits)];
    private int _aloneCount;
    private int _aloneTotal;

    /// <summary>Work arrays kept between searches: about as many as searches run at once on this machine.</summary>
    private static readonly ReusableArrays<Family> FamilyArrays = new(Math.Max(4, Environment.ProcessorCount * 2));

    private static readonly ReusableArrays<Hit> HitArrays = new(Math.Max(4, Environment.ProcessorCount * 2));
    private int _hitCount;

    /// <summary>Families found (documents that never join a family count one each).</summary>
    public int TotalHits => _count + _aloneTotal;

    /// <summary>Documents that never join a family (teasers): each is a family of its own.</summary>
    public Filter? Standalone { get; init; }

    /// <summary>A boost clause to score after collecting, with the ranking signals (the search runs the query without both).</summary>
    public LateBoost? Boost
    {
        get;
        init => field = value is not null && byDate ? throw new ArgumentException("A late boost ranks by relevance only.", nameof(value))
            : value is not null && Signals is not null ? throw new ArgumentException("A late boost applies the signals itself.", nameof(value))
            : value;
    }

    /// <summary>
    /// The day whose ranking signals (<see cref="RankingSignalsQuery"/>) multiply each match's score here, instead of a
    /// <see cref="RankingSignalsQuery"/> around the query (which adds a scorer layer and keeps a disjunction from being
    /// scored in bulk); null: the scores are taken as they are. Not with a <see cref="Boost"/>, which applies them itself.
    /// </summary>
    public DateOnly? Signals
    {
        get;
        init => field = value is not null && Boost is not null ? throw new ArgumentException("A late boost applies the signals itself.", nameof(value)) : value;
    }

    /// <summary>In order with a late boost: its scores must add up as in the search with the boost clause.</summary>
    public bool AcceptsDocsOutOfOrder => Boost is null;

    public void SetScorer(Scorer scorer) => _scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        if (_ordinals is null)
        {
            _ordinals = FamilyOrdinals.Of(ReaderUtil.GetTopLevelContext(context).Reader);
            _slots = _ordinals.RentSlots();
            _families = FamilyArrays.Rent();
            _hits = Boost is null ? [] : HitArrays.Rent();
        }

        _docBase = context.DocBase;
        _segment = SegmentValues.Of(context.AtomicReader);
        _grouped = _ordinals.Grouped(context.Ord);
        _standalone = Standalone is null ? null : Bits(Standalone, context);
        _boost = Boost?.For(context);
        _signals = Signals is { } day ? new RankingSignalsQuery.Signals(context.AtomicReader, day.DayNumber) : null;
        _sources = _segment.Facets[IndexFields.Source];
        _preferredOrds = new bool[_sources.Values.Length];
        foreach (var source in preferredSources)
        {
            if (_sources.Find(source) is var ord and >= 0)
            {
                _preferredOrds[ord] = true;
            }
        }
    }

    public void Collect(int doc)
    {
        var raw = _scorer?.GetScore() ?? 0;
        if (_signals is not null)
        {
            raw *= _signals.Factor(doc); // as RankingSignalsQuery scores
        }
        var (score, upper, title, factor) = (raw, raw, 0f, 1f);
        if (_boost is not null)
        {
            // With the boost's title half: a lower bound, exact where the body half does not match; an upper bound with its most.
            (title, factor) = (_boost.Title(doc), _boost.Factor(doc));
            score = (raw + title) * factor;
            upper = (raw + LateBoost.Sum(title, Boost!.Bound)) * factor;
        }

        if (_maxScore.CompareTo(score) < 0)
        {
            _maxScore = score;
        }

        // Documents indexed before families existed, teasers and the only members of their family stand alone.
        var ord = _standalone?.Get(doc) == true ? -1 : _grouped![doc];
        if (ord < 0)
        {
            Alone(new Member(_docBase + doc, score, _segment!.SortDates[doc], Preferred: false), raw, upper, title, factor);
            return;
        }

        var member = new Member(_docBase + doc, score, _segment!.SortDates[doc], IsPreferred(doc));
        var family = _slots![ord];
        if (family >= 0)
        {
            _families[family].Join(member, upper);
        }
        else
        {
            family = _count;
            _slots[ord] = family;
            Add(ord, member, upper);
        }

        if (_boost is not null)
        {
            Remember(new Hit(member, raw, title, factor, family));
        }
    }

    /// <summary>
    /// A lone document: counted, and kept when it ranks among the best <c>numHits</c> lone documents so far. With a late
    /// boost it is also remembered while its upper bound reaches the worst lower bound kept (that bound only rises, and
    /// the page's last family is never below it).
    /// </summary>
    private void Alone(in Member member, float raw, float upper, float title, float factor)
    {
        _aloneTotal++;
        var alone = new Family(-1, member, upper);
        var full = _aloneCount == _alone.Length;
        if (_boost is not null && !(full && upper < _alone[0].Score))
        {
            Remember(new Hit(member, raw, title, factor, -1));
        }

        if (!full)
        {
            _alone[_aloneCount] = alone;
            SiftUp(_aloneCount++);
        }
        else if (_alone.Length > 0 && Better(alone, _alone[0], byDate))
        {
            _alone[0] = alone;
            SiftDown(0);
        }
    }

    /// <summary>Whether family <paramref name="a"/> ranks above <paramref name="b"/>.</summary>
    private static bool Better(in Family a, in Family b, bool byDate)
    {
        if (byDate)
        {
            var date = a.Representative.SortDate.CompareTo(b.Representative.SortDate);
            if (date != 0)
            {
                return date > 0;
            }

            var score = a.Representative.Score.CompareTo(b.Representative.Score);
            return score != 0 ? score > 0 : a.Representative.Doc < b.Representative.Doc;
        }

        var best = a.Score.CompareTo(b.Score);
        return best != 0 ? best > 0 : a.FirstDoc < b.FirstDoc;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_alone[parent], _alone[i], byDate))
            {
                return;
            }

            (_alone[parent], _alone[i]) = (_alone[i], _alone[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var (left, worst) = ((2 * i) + 1, i);
            if (left < _aloneCount && Better(_alone[worst], _alone[left], byDate))
            {
                worst = left;
            }

            if (left + 1 < _aloneCount && Better(_alone[worst], _alone[left + 1], byDate))
            {
                worst = left + 1;
            }

            if (worst == i)
            {
                return;
            }

            (_alone[worst], _alone[i]) = (_alone[i], _alone[worst]);
            i = worst;
        }
    }

    /// <summary>Call once after searching: ranks the families and gives back the shared buffers.</summary>
    public void Finish()
    {
        if (_ranked is not null)
        {
            return;
        }

        _ranked = Boost is null ? Rank() : RankWithBoost();
        if (_ordinals is not null)
        {
            // The slot array goes back as it came: -1 for every family (only those listed, the first _count, were set).
            for (var i = 0; i < _count; i++)
            {
                _slots![_families[i].Ord] = -1;
            }

            _ordinals.Return(_slots!);
            FamilyArrays.Return(_families);
            HitArrays.Return(_hits);

            _slots = null;
            _families = [];
            _hits = [];
        }
    }

    public TopDocs GetTopDocs() => GetTopDocs(0, numHits);

    public TopDocs GetTopDocs(int start) => GetTopDocs(start, numHits - start);

    /// <summary>Families ranked <paramref name="start"/> to <paramref name="start"/> + <paramref name="howMany"/> (within the first numHits).</summary>
    public TopDocs GetTopDocs(int start, int howMany)
    {
        Finish();
        var page = _ranked!.Skip(start).Take(Math.Max(0, howMany)).ToArray();
        return new TopDocs(TotalHits, page, _maxScore);
    }

    private void Add(int ord, Member member, float upper)
    {
        if (_count == _families.Length)
        {
            _families = ReusableArrays<Family>.Grow(_families, _count);
        }

        _families[_count++] = new Family(ord, member, upper);
    }

    /// <summary>The families in the list and the lone documents kept, best first.</summary>
    private ScoreDoc[] Rank()
    {
        var families = WithAlone();
        return Rank(families, _count + _aloneCount);
    }

    /// <summary>The family list with the lone documents kept after its <c>_count</c> entries (the count is not changed).</summary>
    private Family[] WithAlone()
    {
        if (_count + _aloneCount > _families.Length)
        {
            _families = ReusableArrays<Family>.Grow(_families, _count + _aloneCount);
        }

        Array.Copy(_alone, 0, _families, _count, _aloneCount);
        return _families;
    }

    /// <summary>The best families of the first <paramref name="count"/>, best first.</summary>
    private ScoreDoc[] Rank(Family[] families, int count)
    {
        var take = Math.Min(numHits, count);
        if (take <= 0)
        {
            return [];
        }

        // A bounded heap of the best 'take' families: the root is the worst of them, replaced by any better family.
        var comparer = new RankComparer(families, byDate);
        var heap = new PriorityQueue<int, int>(take, comparer);
        for (var i = 0; i < count; i++)
        {
            if (heap.Count < take)
            {
                heap.Enqueue(i, i);
            }
            else if (comparer.Compare(i, heap.Peek()) > 0)
            {
                heap.DequeueEnqueue(i, i);
            }
        }

        var ranked = new ScoreDoc[heap.Count];
        for (var i = ranked.Length - 1; i >= 0; i--)
        {
            var family = families[heap.Dequeue()];
            ranked[i] = new ScoreDoc(family.Representative.Doc, family.Score);
        }

        return ranked;
    }

    private static FixedBitSet? Bits(Filter filter, AtomicReaderContext context)
    {
        var iterator = filter.GetDocIdSet(context, context.AtomicReader.LiveDocs)?.GetIterator();
        if (iterator is null)
        {
            return null;
        }

        var bits = new FixedBitSet(context.AtomicReader.MaxDoc);
        for (var doc = iterator.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = iterator.NextDoc())
        {
            bits.Set(doc);
        }

        return bits;
    }

    private bool IsPreferred(int doc)
    {
        foreach (var ord in _sources!.Of(doc))
        {
            if (_preferredOrds[ord])
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Member(int Doc, float Score, int SortDate, bool Preferred)
    {
        /// <summary>Whether this member represents its family rather than <paramref name="other"/>: preferred, newest, best, first.</summary>
        public bool Beats(in Member other)
        {
            if (Preferred != other.Preferred)
            {
                return Preferred;
            }

            if (SortDate != other.SortDate)
            {
                return SortDate > other.SortDate;
            }

            var byScore = Score.CompareTo(other.Score);
            return byScore != 0 ? byScore > 0 : Doc < other.Doc;
        }
    }

    /// <summary>A family and what ranks it: its representative, its best score, its first matching document.</summary>
    private struct Family(int ord, Member first, float upper)
    {
        public readonly int Ord = ord;
        public Member Representative = first;
        public float Score = first.Score;
        public int FirstDoc = first.Doc;

        /// <summary>With a late boost: the most its best member can score (else its score).</summary>
        public float Upper = upper;

        public void Join(in Member member, float upper)
        {
            Upper = Math.Max(Upper, upper);
            if (member.Beats(Representative))
            {
                Representative = member;
            }

            if (Score.CompareTo(member.Score) < 0)
            {
                Score = member.Score;
            }

            FirstDoc = Math.Min(FirstDoc, member.Doc);
        }
    }

    /// <summary>Orders family indexes from worst to best (the heap keeps the best at the bottom).</summary>
    private sealed class RankComparer(Family[] families, bool byDate) : IComparer<int>
    {
        public int Compare(int x, int y) =>
            x == y ? 0 : Better(families[x], families[y], byDate) ? 1 : Better(families[y], families[x], byDate) ? -1 : 0;
    }
}
