using System.Globalization;

namespace Search.TestKit.Quality;

/// <summary>One line of queries.tsv: <c>qid  query  kind  path:grade path:grade …</c>.</summary>
public sealed record JudgedQuery(string Id, string Query, string Kind, IReadOnlyDictionary<string, int> Judgments)
{
    public static IReadOnlyList<JudgedQuery> ParseTsv(string text)
    {
        var queries = new List<JudgedQuery>();
        foreach (var line in text.Split('\n').Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            var columns = line.Split('\t');
            if (columns.Length < 4)
            {
                throw new FormatException($"queries.tsv line '{line}' needs 4 tab-separated columns.");
            }

            var judgments = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in columns[3].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = item.LastIndexOf(':');
                judgments[item[..colon]] = int.Parse(item[(colon + 1)..], CultureInfo.InvariantCulture);
            }

            queries.Add(new JudgedQuery(columns[0], columns[1], columns[2], judgments));
        }

        return queries;
    }
}
