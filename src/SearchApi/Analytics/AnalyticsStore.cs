using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Search.Indexer.Harvesting;

namespace Search.SearchApi.Analytics;

/// <summary>
/// Search analytics in SQLite (<c>{DataDirectory}/state/analytics.db</c>): per search the normalised query, its total
/// and the time; per click the query, document id and position. Never a user, session, IP address or user agent.
/// </summary>
public sealed class AnalyticsStore : IDisposable
{
    public const int MaxQueryLength = 200;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public AnalyticsStore(string stateDirectory, TimeProvider time)
    {
        _time = time;
        _connection = StateDatabase.Open(stateDirectory, "analytics.db", StateDurability.Normal, """
            CREATE TABLE IF NOT EXISTS searches (query TEXT NOT NULL, total INTEGER NOT NULL, at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS searches_at ON searches (at);
            CREATE TABLE IF NOT EXISTS clicks (query TEXT NOT NULL, document_id TEXT NOT NULL, position INTEGER NOT NULL, at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS clicks_at ON clicks (at);
            """);
    }

    /// <summary>Lower case, single spaces, at most <see cref="MaxQueryLength"/> characters; empty for a blank query.</summary>
    public static string Normalize(string? query)
    {
        var builder = new StringBuilder();
        foreach (var part in (query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(builder.Length > 0 ? " " : string.Empty).Append(part.ToLowerInvariant());
        }

        return builder.Length > MaxQueryLength ? builder.ToString(0, MaxQueryLength) : builder.ToString();
    }

    /// <summary>Records one search; blank queries (browsing) are not recorded.</summary>
    public void RecordSearch(string? query, int total)
    {
        var normalized = Normalize(query);
        if (normalized.Length > 0)
        {
            Write("INSERT INTO searches (query, total, at) VALUES ($q, $total, $at)", ("$q", normalized), ("$total", total), ("$at", Now()));
        }
    }

    public void RecordClick(string query, string documentId, int position) =>
        Write("INSERT INTO clicks (query, document_id, position, at) VALUES ($q, $id, $pos, $at)",
            ("$q", Normalize(query)), ("$id", documentId), ("$pos", position), ("$at", Now()));

    /// <summary>Counts since <c>now − days</c>: top queries, queries without results and click-through.</summary>
    public AnalyticsReport Report(int days, int top)
    {
        var since = _time.GetUtcNow().AddDays(-days).ToString("O", CultureInfo.InvariantCulture);
        lock (_lock)
        {
            var searches = Scalar("SELECT COUNT(*) FROM searches WHERE at >= $since", since);
            var zero = Scalar("SELECT COUNT(*) FROM searches WHERE at >= $since AND total = 0", since);
            var clicks = Scalar("SELECT COUNT(*) FROM clicks WHERE at >= $since", since);
            var topQueries = Rows("""
                SELECT s.query, COUNT(*), CAST(ROUND(AVG(s.total)) AS INTEGER),
                       (SELECT COUNT(*) FROM clicks c WHERE c.query = s.query AND c.at >= $since)
                FROM searches s WHERE s.at >= $since GROUP BY s.query ORDER BY COUNT(*) DESC, s.query LIMIT $top
                """, since, top, r => new QueryCount(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), null));
            var zeroQueries = Rows("""
                SELECT query, COUNT(*), MAX(at) FROM searches WHERE at >= $since AND total = 0
                GROUP BY query ORDER BY COUNT(*) DESC, query LIMIT $top
                """, since, top, r => new QueryCount(r.GetString(0), r.GetInt32(1), 0, 0,
                    DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
            var withResults = searches - zero;
            return new AnalyticsReport(days, searches, zero, clicks,
                withResults == 0 ? 0 : Math.Round(Math.Min(1.0, (double)clicks / withResults), 3), topQueries, zeroQueries);
        }
    }

    public void Dispose() => _connection.Dispose();

    private string Now() => _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private void Write(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_lock)
        {
            Execute(sql, parameters);
        }
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private int Scalar(string sql, string since)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$since", since);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private List<QueryCount> Rows(string sql, string since, int top, Func<SqliteDataReader, QueryCount> read)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$top", top);
        using var reader = command.ExecuteReader();
        var rows = new List<QueryCount>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

/// <param name="ClickThroughRate">Clicks per search that had results (capped at 1); clicks cannot be tied to one search because nothing identifies the searcher.</param>
public sealed record AnalyticsReport(
    int Days, int Searches, int SearchesWithoutResults, int Clicks, double ClickThroughRate,
    IReadOnlyList<QueryCount> TopQueries, IReadOnlyList<QueryCount> ZeroResultQueries);

public sealed record QueryCount(string Query, int Count, int AverageResults, int Clicks, DateTimeOffset? LastSeen);
