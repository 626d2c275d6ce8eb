using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Search.Indexer.Harvesting;

namespace Search.SearchApi.Alerts;

/// <summary>Saved searches in SQLite (<c>{DataDirectory}/state/alerts.db</c>). Every method is safe to call concurrently.</summary>
public sealed class SavedSearchStore : IDisposable
{
    /// <summary>A user may keep at most this many saved searches.</summary>
    public const int MaxPerUser = 50;

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public SavedSearchStore(string stateDirectory)
    {
        _connection = StateDatabase.Open(stateDirectory, "alerts.db", StateDurability.Full, """
            CREATE TABLE IF NOT EXISTS saved_searches (
              id TEXT PRIMARY KEY, subject TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL, frequency TEXT NOT NULL,
              email TEXT NOT NULL, access TEXT NOT NULL, created_at TEXT NOT NULL, last_sent_at TEXT);
            CREATE INDEX IF NOT EXISTS saved_searches_subject ON saved_searches (subject);
            """);
    }

    /// <summary>The user's saved searches, oldest first.</summary>
    public IReadOnlyList<SavedSearch> ListFor(string subject) =>
        Query("SELECT * FROM saved_searches WHERE subject = $subject ORDER BY created_at, id", ("$subject", subject));

    /// <summary>Every saved search of every user.</summary>
    public IReadOnlyList<SavedSearch> ListAll() => Query("SELECT * FROM saved_searches ORDER BY created_at, id");

    public SavedSearch Add(string subject, string name, SavedQuery query, AlertFrequency frequency, string email, IReadOnlyList<string> access, DateTimeOffset now)
    {
        var saved = new SavedSearch("ss_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), subject, name, query, frequency, email, access, now, null);
        Execute("""
            INSERT INTO saved_searches (id, subject, name, query, frequency, email, access, created_at)
            VALUES ($id, $subject, $name, $query, $frequency, $email, $access, $created)
            """,
            ("$id", saved.Id), ("$subject", subject), ("$name", name), ("$query", JsonSerializer.Serialize(query)),
            ("$frequency", frequency.ToString()), ("$email", email), ("$access", JsonSerializer.Serialize(access)), ("$created", Format(now)));
        return saved;
    }

    /// <summary>Deletes the user's saved search; false when the user has none with this id (including another user's).</summary>
    public bool Delete(string subject, string id) =>
        Execute("DELETE FROM saved_searches WHERE id = $id AND subject = $subject", ("$id", id), ("$subject", subject)) > 0;

    /// <summary>Stores the user's current access labels (and e-mail address, when the token has one) on all the user's saved searches.</summary>
    public void Refresh(string subject, string? email, IReadOnlyList<string> access) =>
        Execute("UPDATE saved_searches SET email = COALESCE($email, email), access = $access WHERE subject = $subject",
            ("$subject", subject), ("$email", (object?)email ?? DBNull.Value), ("$access", JsonSerializer.Serialize(access)));

    /// <summary>Records a sent digest: the next one covers documents harvested after <paramref name="sentAt"/>.</summary>
    public void MarkSent(string id, DateTimeOffset sentAt) =>
        Execute("UPDATE saved_searches SET last_sent_at = $sent WHERE id = $id", ("$id", id), ("$sent", Format(sentAt)));

    public void Dispose() => _connection.Dispose();

    private List<SavedSearch> Query(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_lock)
        {
            using var command = Command(sql, parameters);
            using var reader = command.ExecuteReader();
            var result = new List<SavedSearch>();
            while (reader.Read())
            {
                result.Add(new SavedSearch(
                    reader.GetString(reader.GetOrdinal("id")),
                    reader.GetString(reader.GetOrdinal("subject")),
                    reader.GetString(reader.GetOrdinal("name")),
                    JsonSerializer.Deserialize<SavedQuery>(reader.GetString(reader.GetOrdinal("query")))!,
                    Enum.Parse<AlertFrequency>(reader.GetString(reader.GetOrdinal("frequency"))),
                    reader.GetString(reader.GetOrdinal("email")),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(reader.GetOrdinal("access")))!,
                    Parse(reader.GetString(reader.GetOrdinal("created_at"))),
                    reader.IsDBNull(reader.GetOrdinal("last_sent_at")) ? null : Parse(reader.GetString(reader.GetOrdinal("last_sent_at")))));
            }

            return result;
        }
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_lock)
        {
            using var command = Command(sql, parameters);
            return command.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string at) => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
