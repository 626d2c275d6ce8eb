using Microsoft.Data.Sqlite;
using Search.Indexer.Harvesting;
using Search.TestKit;

namespace Search.Indexer.Tests.Harvesting;

public sealed class StateDatabaseTests
{
    [Theory]
    [InlineData(StateDurability.Full, 2L)]
    [InlineData(StateDurability.Normal, 1L)]
    public void Should_open_a_database_in_wal_mode_with_its_durability_and_schema(StateDurability durability, long synchronous)
    {
        using var temp = new TempDirectory();
        var state = Path.Combine(temp.Path, "state");

        using var connection = StateDatabase.Open(state, "test.db", durability, "CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL);");

        Assert.True(File.Exists(Path.Combine(state, "test.db")));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(synchronous, Scalar(connection, "PRAGMA synchronous"));
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM notes"));
    }

    [Fact]
    public void Should_keep_what_was_written_when_opened_again_with_the_same_schema()
    {
        using var temp = new TempDirectory();
        const string schema = "CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL);";
        using (var first = StateDatabase.Open(temp.Path, "test.db", StateDurability.Full, schema))
        {
            Scalar(first, "INSERT INTO notes (text) VALUES ('aangifte') RETURNING rowid");
        }

        using var second = StateDatabase.Open(temp.Path, "test.db", StateDurability.Full, schema);

        Assert.Equal("aangifte", Scalar(second, "SELECT text FROM notes"));
    }

    [Fact]
    public void Should_fail_on_a_broken_schema_and_leave_no_open_connection()
    {
        using var temp = new TempDirectory();

        Assert.Throws<SqliteException>(() => StateDatabase.Open(temp.Path, "test.db", StateDurability.Full, "CREATE TABLE notes (text TEXT); CREATE TABLE notes (text TEXT);"));

        // No file descriptor of this process points at the database any more (Linux: /proc/self/fd).
        var database = Path.Combine(temp.Path, "test.db");
        var open = new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => { try { return fd.LinkTarget; } catch (IOException) { return null; } })
            .Where(target => target is not null && target.StartsWith(database, StringComparison.Ordinal));
        Assert.Empty(open);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
