namespace Search.Cli.Families;

/// <summary>
/// Lightly edited copies of a text, as another network republishes it: a few words replaced, a sentence replaced or
/// added, and different site chrome around it. Deterministic (seeded) so that the measurement can be repeated.
/// </summary>
internal sealed class EditedCopies(IReadOnlyList<string> vocabulary, int seed)
{
    private static readonly string[] Chrome =
    [
        "Home", "Kennisbank", "Zoeken", "Contact", "Nieuwsbrief", "Over", "ons", "Privacyverklaring", "Cookies", "Toegankelijkheid",
        "Deel", "deze", "pagina", "Print", "Terug", "naar", "overzicht", "Volg", "ons", "op", "LinkedIn", "Colofon", "Sitemap",
    ];

    private readonly Random _random = new(seed);

    /// <param name="text">The original text.</param>
    /// <param name="words">Single words replaced by a random word.</param>
    /// <param name="sentences">Sentences (10–20 random words) replacing or inserted into the text.</param>
    /// <param name="chrome">Words of site chrome added before and after the text.</param>
    public string Edit(string text, int words, int sentences, int chrome)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var s = 0; s < sentences && tokens.Count > 0; s++)
        {
            var at = _random.Next(tokens.Count);
            var length = _random.Next(10, 21);
            if (_random.Next(2) == 0)
            {
                tokens.RemoveRange(at, Math.Min(length, tokens.Count - at));
            }

            tokens.InsertRange(at, Enumerable.Range(0, length).Select(_ => RandomWord()));
        }

        for (var w = 0; w < words && tokens.Count > 0; w++)
        {
            tokens[_random.Next(tokens.Count)] = RandomWord();
        }

        var header = Enumerable.Range(0, chrome).Select(_ => Chrome[_random.Next(Chrome.Length)]);
        var footer = Enumerable.Range(0, chrome).Select(_ => Chrome[_random.Next(Chrome.Length)]);
        return string.Join(' ', header.Concat(tokens).Concat(footer));
    }

    private string RandomWord() => vocabulary[_random.Next(vocabulary.Count)];
}
