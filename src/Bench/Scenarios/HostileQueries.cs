using System.Text;

namespace Search.Bench.Scenarios;

/// <summary>One hostile request (rows 38–42 of docs/reliability.md), as a path and query relative to the service root.</summary>
internal sealed record HostileQuery(string Row, string Name, string PathAndQuery);

/// <summary>The hostile requests of rows 38–42 (pure).</summary>
internal static class HostileQueries
{
    public static IReadOnlyList<HostileQuery> All() =>
    [
        Search("38", "1 MB of 'a* OR b* OR …'", Prefixes(1 << 20)),
        Search("38", "2,500 chars of 'a* OR b* OR …' (fits the request line)", Prefixes(2_500)),
        Search("38", "one-letter prefixes OR'ed, under 500 chars", Prefixes(490)),
        Search("39", "50,000 '('", new string('(', 50_000)),
        Search("39", "400 '(' and a word (under 500 chars)", new string('(', 400) + "a"),
        Search("39", "240 '-' chained ('-a -a …')", string.Concat(Enumerable.Repeat("-a ", 160))),
        Search("40", "regex /(.*a){50}/", "/(.*a){50}/"),
        Search("40", "leading wildcards *a*b*c*d*e*", "*a*b*c*d*e*"),
        Search("40", "fuzzy ~2 on a 200-char term", new string('x', 100) + new string('y', 100) + "~2"),
        new("41", "page=100000&pageSize=1000", "api/v1/search?q=ondermijning&page=100000&pageSize=1000"),
        Search("42", "broad prefix 'a*'", "a*"),
        Search("42", "broad prefix 'ge*' (most Dutch past participles)", "ge*"),
    ];

    private static HostileQuery Search(string row, string name, string q) => new(row, name, $"api/v1/search?q={Uri.EscapeDataString(q)}");

    /// <summary>"a* OR b* OR … OR z* OR aa* OR …" up to <paramref name="length"/> characters.</summary>
    private static string Prefixes(int length)
    {
        var text = new StringBuilder(length + 16);
        for (var i = 0; text.Length < length; i++)
        {
            if (i > 0)
            {
                text.Append(" OR ");
            }

            text.Append(i < 26 ? ((char)('a' + i)).ToString() : $"{(char)('a' + ((i / 26) % 26))}{(char)('a' + (i % 26))}").Append('*');
        }

        return text.ToString(0, Math.Min(length, text.Length)).TrimEnd(' ', 'O', 'R');
    }
}
