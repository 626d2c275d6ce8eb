using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

public sealed class CompoundSegmenterTests
{
    /// <summary>Compounds and their deepest parts, written for these tests (not tuned on).</summary>
    private static readonly (string Word, string Parts)[] Compounds =
    [
        ("fietsendiefstal", "fietsen diefstal"), ("autodiefstal", "auto diefstal"), ("winkeldiefstal", "winkel diefstal"),
        ("drugsdealer", "drugs dealer"), ("politiebureau", "politie bureau"), ("brandweerkazerne", "brandweer kazerne"),
        ("gemeenteraad", "gemeente raad"), ("jeugdzorg", "jeugd zorg"), ("jeugdbende", "jeugd bende"),
        ("straatroof", "straat roof"), ("zakkenroller", "zakken roller"), ("vuurwapenbezit", "vuurwapen bezit"),
        ("mensensmokkel", "mensen smokkel"), ("cybercriminaliteit", "cyber criminaliteit"), ("geweldsdelict", "geweld delict"),
        ("zedenzaak", "zeden zaak"), ("verkeersongeval", "verkeer ongeval"), ("verkeersveiligheid", "verkeer veiligheid"),
        ("brandveiligheid", "brand veiligheid"), ("wapenverbod", "wapen verbod"), ("alcoholverbod", "alcohol verbod"),
        ("kentekenplaat", "kenteken plaat"), ("parkeerverbod", "parkeer verbod"), ("sluitingsbevel", "sluiting bevel"),
        ("bestuursakkoord", "bestuur akkoord"), ("gemeentebelasting", "gemeente belasting"), ("zorgverzekering", "zorg verzekering"),
        ("schuldeiser", "schuld eiser"), ("huurachterstand", "huur achterstand"), ("energiearmoede", "energie armoede"),
        ("ouderenmishandeling", "ouderen mishandeling"), ("terrorismebestrijding", "terrorisme bestrijding"),
        ("criminaliteitscijfers", "criminaliteit cijfers"), ("gevangenisstraf", "gevangenis straf"), ("taakstraf", "taak straf"),
        ("werkstraf", "werk straf"), ("geldboete", "geld boete"), ("vreemdelingenpolitie", "vreemdelingen politie"),
        ("wijkaanpak", "wijk aanpak"), ("buurtwacht", "buurt wacht"), ("hondenbelasting", "honden belasting"),
        ("afvaldumping", "afval dumping"), ("drugslab", "drugs lab"), ("hennepzolder", "hennep zolder"),
        ("witwasconstructie", "witwas constructie"), ("vastgoedfraude", "vastgoed fraude"), ("uitkeringsfraude", "uitkering fraude"),
        ("identiteitsfraude", "identiteit fraude"), ("zorgfraude", "zorg fraude"), ("bankrekening", "bank rekening"),
        ("sekswerkers", "seks werkers"), ("mensenhandelaar", "mensen handelaar"), ("verkeersboete", "verkeer boete"),
        ("nachtrust", "nacht rust"), ("geluidshinder", "geluid hinder"), ("stankhinder", "stank hinder"),
        ("burenruzie", "buren ruzie"), ("burenoverlast", "buren overlast"), ("wapenwet", "wapen wet"),
        ("politiecel", "politie cel"), ("jeugdrecht", "jeugd recht"), ("straatintimidatie", "straat intimidatie"),
        ("belastingfraude", "belasting fraude"), ("schoolplein", "school plein"), ("kindermishandeling", "kind mishandeling"),
        ("kinderopvang", "kind opvang"), ("woninginbraakconvenant", "woning inbraak convenant"),
        ("verkeersveiligheidsplan", "verkeer veiligheid plan"), ("gemeenteraadsverkiezingen", "gemeente raad verkiezingen"),
    ];

    /// <summary>Words that must stay whole: derivations with a particle or prefix, and false compounds.</summary>
    private static readonly string[] NonCompounds =
    [
        "overlast", "onderzoek", "vergunning", "gemeente", "burgemeester", "pandemie", "politieke", "verwarring", "behandeling",
        "toezicht", "ondernemer", "verordening", "voorwaarde", "achtergrond", "uitvoering", "beslissing", "maatschappij",
        "organisatie", "informatie", "criminaliteit", "veiligheid", "verantwoordelijkheid", "samenwerking", "ontwikkeling",
        "betrokkenheid", "handhaving", "bewoners", "voorzitter", "ambtenaar", "procedure", "administratie", "evaluatie",
        "instelling", "gevangenis", "verklaring", "tegenstelling", "kinderen", "ondermijning", "verslaving", "bestrijden",
    ];

    private static CompoundSegmenter Segmenter => AnalysisFixture.Resources.Compounds;

    [Fact]
    public void Should_find_the_exact_parts_of_most_compounds_of_the_gold_list()
    {
        var misses = Compounds.Where(c => !Leaves(c.Word).SequenceEqual(c.Parts.Split(' '))).ToList();

        var exact = Compounds.Length - misses.Count;
        Assert.True(exact >= 0.85 * Compounds.Length,
            $"{exact}/{Compounds.Length} exact; misses: {string.Join(", ", misses.Select(m => $"{m.Word} → [{string.Join(' ', Leaves(m.Word))}]"))}");
    }

    [Fact]
    public void Should_leave_almost_all_non_compounds_of_the_gold_list_whole()
    {
        var split = NonCompounds.Where(w => Segmenter.Segment(w).Count > 0).ToList();

        Assert.True(split.Count <= 0.1 * NonCompounds.Length,
            $"split: {string.Join(", ", split.Select(w => $"{w} → [{string.Join(' ', Segmenter.Split(w))}]"))}");
    }

    [Fact]
    public void Should_keep_intermediate_parts_of_a_compound_that_is_not_a_word()
    {
        Assert.Equal(["woninginbraak", "woning", "inbraak", "convenant"], Segmenter.Split("woninginbraakconvenant"));
    }

    [Fact]
    public void Should_drop_a_linking_s_and_prefer_a_modifier_that_is_a_word_itself()
    {
        var segmenter = Tiny("veiligheid", "regio", "drugs", "drug", "overlast");

        Assert.Equal(["veiligheid", "regio"], segmenter.Split("veiligheidsregio"));
        Assert.Equal(["drugs", "overlast"], segmenter.Split("drugsoverlast"));
    }

    [Fact]
    public void Should_never_use_a_particle_as_modifier_or_a_suffix_as_head()
    {
        var segmenter = Tiny("over", "last", "weten", "schap", "gevaar", "lijk");

        Assert.Empty(segmenter.Split("overlast"));
        Assert.Empty(segmenter.Split("wetenschap"));
        Assert.Empty(segmenter.Split("gevaarlijk"));
    }

    [Fact]
    public void Should_require_the_parts_to_cover_the_whole_word()
    {
        var segmenter = Tiny("woning", "braak");

        Assert.Empty(segmenter.Split("woninginbraak"));
    }

    [Fact]
    public void Should_follow_the_never_split_and_always_split_lists()
    {
        var segmenter = Tiny("burg", "meester", "gemeen", "tehuis", "huis", "ondermijning", "beeld");

        Assert.Empty(segmenter.Split("burgemeester"));
        Assert.Equal(["gemeente", "huis"], segmenter.Split("gemeentehuis"));
        Assert.Equal(["ondermijning", "beeld"], segmenter.Split("ondermijningsbeeld"));
    }

    private static IReadOnlyList<string> Leaves(string word)
    {
        var parts = Segmenter.Segment(word);
        return parts
            .Where(p => !parts.Any(q => q != p && q.Start >= p.Start && q.Start + q.Length <= p.Start + p.Length))
            .Select(p => word.Substring(p.Start, p.Length))
            .ToList();
    }

    private static CompoundSegmenter Tiny(params string[] words) => new(words, Rules());

    private static CompoundRules Rules() => new(
        NeverSplit: new HashSet<string> { "burgemeester", "gemeente" },
        AlwaysSplit: new Dictionary<string, IReadOnlyList<string>> { ["ondermijningsbeeld"] = ["ondermijning", "beeld"] },
        Particles: new HashSet<string> { "over", "onder", "ver", "be" },
        Suffixes: new HashSet<string> { "schap", "lijk", "heid" },
        ShortHeads: new HashSet<string> { "wet" },
        ShortModifiers: new HashSet<string>(),
        Stopwords: new HashSet<string> { "de", "in" });
}
