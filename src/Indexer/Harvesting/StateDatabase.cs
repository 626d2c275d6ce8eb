using Microsoft.Data.Sqlite;

namespace Search.Indexer.Harvesting;

/// <summary>How much of a state database survives a crash of the machine (not of the process: both survive that).</summary>
public enum StateDurability
{
    /// <summary>Every committed write is on disk (<c>synchronous=FULL</c>): harvest state, keys, saved searches, the audit log.</summary>
    Full,

    /// <summary>The last writes may be lost when the machine fails (<c>synchronous=NORMAL</c>): counts such as search analytics.</summary>
    Normal,
}

/// <summary>
/// Opens one of the service's SQLite state databases (<c>{DataDirectory}/state/*.db</c>) the one way they are all opened:
/// the folder created when missing, one unpooled connection in WAL mode, and the schema created when missing.
/// </summary>
public static class StateDatabase
{
    public static SqliteConnection Open(string stateDirectory, string fileName, StateDurability durability, string schema)
    {
        Directory.CreateDirectory(stateDirectory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(stateDirectory, fileName),
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, durability == StateDurability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            Execute(connection, schema);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
