using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Search.Indexer.Harvesting;

/// <summary>
/// Harvest state in SQLite (<c>{DataDirectory}/state/harvest.db</c>): every run with its counts and events, and per
/// document the validators, content hash and 404 strikes of what the index has committed.
/// </summary>
public sealed class HarvestStore : IDisposable
{
    public const int RunsKeptPerSource = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public HarvestStore(string stateDirectory)
    {
        _connection = StateDatabase.Open(stateDirectory, "harvest.db", StateDurability.Full, """
            CREATE TABLE IF NOT EXISTS runs (
              run_id TEXT PRIMARY KEY, source_id TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
              status TEXT NOT NULL, counts TEXT NOT NULL, error TEXT);
            CREATE INDEX IF NOT EXISTS runs_by_source ON runs (source_id, started_at);
            CREATE TABLE IF NOT EXISTS run_events (
              run_id TEXT NOT NULL, seq INTEGER NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL,
              PRIMARY KEY (run_id, seq));
            CREATE TABLE IF NOT EXISTS documents (
              source_id TEXT NOT NULL, url TEXT NOT NULL, doc_id TEXT NOT NULL, etag TEXT, last_modified TEXT,
              listed_modified TEXT, size INTEGER, content_hash TEXT, parent_url TEXT, parent_title TEXT,
              gone_count INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (source_id, url));
            """);

        // A run still "running" was interrupted by a crash or kill.
        Execute("UPDATE runs SET status = 'cancelled', error = 'Interrupted: the service stopped during this run.' WHERE status = 'running'");
    }

    public void SaveRun(HarvestRun run)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            Execute("""
                INSERT INTO runs (run_id, source_id, started_at, finished_at, status, counts, error)
                VALUES ($run, $source, $started, $finished, $status, $counts, $error)
                ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, status = excluded.status,
                  counts = excluded.counts, error = excluded.error
                """,
                ("$run", run.RunId), ("$source", run.SourceId), ("$started", Format(run.StartedAt)), ("$finished", Format(run.FinishedAt)),
                ("$status", Status(run.Status)), ("$counts", JsonSerializer.Serialize(run.Counts, Json)), ("$error", run.Error));
            Execute("DELETE FROM run_events WHERE run_id = $run", ("$run", run.RunId));
            var seq = 0;
            foreach (var e in run.Events)
            {
                Execute("INSERT INTO run_events (run_id, seq, url, kind, reason) VALUES ($run, $seq, $url, $kind, $reason)",
                    ("$run", run.RunId), ("$seq", seq++), ("$url", e.Url), ("$kind", e.Kind), ("$reason", e.Reason));
            }

            Execute("""
                DELETE FROM run_events WHERE run_id IN (SELECT run_id FROM runs WHERE source_id = $source ORDER BY started_at DESC LIMIT -1 OFFSET $keep);
                DELETE FROM runs WHERE run_id IN (SELECT run_id FROM runs WHERE source_id = $source ORDER BY started_at DESC LIMIT -1 OFFSET $keep);
                """, ("$source", run.SourceId), ("$keep", RunsKeptPerSource));
            transaction.Commit();
        }
    }

    /// <summary>The newest run of a source, or null if it was never harvested.</summary>
    public HarvestRun? Last(string sourceId) => Runs("WHERE source_id = $source ORDER BY started_at DESC LIMIT 1", ("$source", sourceId)).FirstOrDefault();

    /// <summary>Newest first, without events.</summary>
    public IReadOnlyList<HarvestRun> History(string sourceId, int limit = 50) =>
        Runs("WHERE source_id = $source ORDER BY started_at DESC LIMIT $limit", ("$source", sourceId), ("$limit", limit));

    /// <summary>One run with its events.</summary>
    public HarvestRun? Run(string runId)
    {
        var run = Runs("WHERE run_id = $run", ("$run", runId)).FirstOrDefault();
        if (run is null)
        {
            return null;
        }

        lock (_lock)
        {
            using var command = Command("SELECT url, kind, reason FROM run_events WHERE run_id = $run ORDER BY seq", ("$run", runId));
            using var reader = command.ExecuteReader();
            var events = new List<HarvestEvent>();
            while (reader.Read())
            {
                events.Add(new HarvestEvent(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }

            return run with { Events = events };
        }
    }

    public bool EverSucceeded(string sourceId) =>
        Runs("WHERE source_id = $source AND status IN ('succeeded', 'partial') LIMIT 1", ("$source", sourceId)).Count > 0;

    public IReadOnlyList<DocumentState> Documents(string sourceId)
    {
        lock (_lock)
        {
            using var command = Command("""
                SELECT url, doc_id, etag, last_modified, listed_modified, size, content_hash, parent_url, parent_title, gone_count
                FROM documents WHERE source_id = $source
                """, ("$source", sourceId));
            using var reader = command.ExecuteReader();
            var states = new List<DocumentState>();
            while (reader.Read())
            {
                states.Add(new DocumentState
                {
                    SourceId = sourceId,
                    Url = reader.GetString(0),
                    DocumentId = reader.GetString(1),
                    ETag = reader.IsDBNull(2) ? null : reader.GetString(2),
                    LastModified = ParseDate(reader, 3),
                    ListedModified = ParseDate(reader, 4),
                    Size = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                    ContentHash = reader.IsDBNull(6) ? null : reader.GetString(6),
                    ParentUrl = reader.IsDBNull(7) ? null : reader.GetString(7),
                    ParentTitle = reader.IsDBNull(8) ? null : reader.GetString(8),
                    GoneCount = reader.GetInt32(9),
                });
            }

            return states;
        }
    }

    /// <summary>Records document states; call only after the index commit that holds those documents.</summary>
    public void SaveDocuments(IEnumerable<DocumentState> states)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var s in states)
            {
                Execute("""
                    INSERT INTO documents (source_id, url, doc_id, etag, last_modified, listed_modified, size, content_hash, parent_url, parent_title, gone_count)
                    VALUES ($source, $url, $id, $etag, $lm, $listed, $size, $hash, $parent, $parentTitle, $gone)
                    ON CONFLICT (source_id, url) DO UPDATE SET doc_id = excluded.doc_id, etag = excluded.etag, last_modified = excluded.last_modified,
                      listed_modified = excluded.listed_modified, size = excluded.size, content_hash = excluded.content_hash,
                      parent_url = excluded.parent_url, parent_title = excluded.parent_title, gone_count = excluded.gone_count
                    """,
                    ("$source", s.SourceId), ("$url", s.Url), ("$id", s.DocumentId), ("$etag", s.ETag), ("$lm", Format(s.LastModified)),
                    ("$listed", Format(s.ListedModified)), ("$size", s.Size), ("$hash", s.ContentHash), ("$parent", s.ParentUrl),
                    ("$parentTitle", s.ParentTitle), ("$gone", s.GoneCount));
            }

            transaction.Commit();
        }
    }

    public void DeleteDocuments(string sourceId, IEnumerable<string> documentIds)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var id in documentIds)
            {
                Execute("DELETE FROM documents WHERE source_id = $source AND doc_id = $id", ("$source", sourceId), ("$id", id));
            }

            transaction.Commit();
        }
    }

    /// <summary>Forgets a source entirely (its runs and document states).</summary>
    public void DeleteSource(string sourceId)
    {
        lock (_lock)
        {
            Execute("""
                DELETE FROM run_events WHERE run_id IN (SELECT run_id FROM runs WHERE source_id = $source);
                DELETE FROM runs WHERE source_id = $source;
                DELETE FROM documents WHERE source_id = $source;
                """, ("$source", sourceId));
        }
    }

    public void Dispose() => _connection.Dispose();

    private List<HarvestRun> Runs(string where, params (string Name, object? Value)[] parameters)
    {
        lock (_lock)
        {
            using var command = Command($"SELECT run_id, source_id, started_at, finished_at, status, counts, error FROM runs {where}", parameters);
            using var reader = command.ExecuteReader();
            var runs = new List<HarvestRun>();
            while (reader.Read())
            {
                runs.Add(new HarvestRun
                {
                    RunId = reader.GetString(0),
                    SourceId = reader.GetString(1),
                    StartedAt = ParseDate(reader, 2)!.Value,
                    FinishedAt = ParseDate(reader, 3),
                    Status = Enum.Parse<HarvestStatus>(reader.GetString(4), ignoreCase: true),
                    Counts = JsonSerializer.Deserialize<HarvestCounts>(reader.GetString(5), Json) ?? new HarvestCounts(),
                    Error = reader.IsDBNull(6) ? null : reader.GetString(6),
                });
            }

            return runs;
        }
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static string Status(HarvestStatus status) => status.ToString().ToLowerInvariant();

    private static string? Format(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseDate(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.Parse(reader.GetString(column), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
