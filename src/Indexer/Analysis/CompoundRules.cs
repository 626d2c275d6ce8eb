namespace Search.Indexer.Analysis;

/// <summary>The editable rules of the <see cref="CompoundSegmenter"/> (config/analysis/compound-*.txt).</summary>
/// <param name="NeverSplit">Words that are never split (lexicalised or false compounds: burgemeester, diefstal).</param>
/// <param name="AlwaysSplit">Curated splits that override the algorithm: word → parts, each part a substring of the word.</param>
/// <param name="Particles">Particles and prefixes that are never a modifier (over, onder, voor …).</param>
/// <param name="Suffixes">Suffix-like words that are never a head (heid, schap, ing …).</param>
/// <param name="ShortHeads">The three-letter words that may be a head (wet, lid, hof); other three-letter heads are refused.</param>
/// <param name="ShortModifiers">Modifiers that look like a prefix plus two letters but are words (geld, berg, verf).</param>
/// <param name="Stopwords">Function words, never a part.</param>
public sealed record CompoundRules(
    IReadOnlySet<string> NeverSplit,
    IReadOnlyDictionary<string, IReadOnlyList<string>> AlwaysSplit,
    IReadOnlySet<string> Particles,
    IReadOnlySet<string> Suffixes,
    IReadOnlySet<string> ShortHeads,
    IReadOnlySet<string> ShortModifiers,
    IReadOnlySet<string> Stopwords);
