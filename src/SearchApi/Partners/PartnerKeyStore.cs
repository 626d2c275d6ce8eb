using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Search.Indexer.Harvesting;

namespace Search.SearchApi.Partners;

/// <summary>
/// Partner keys in SQLite (<c>{DataDirectory}/state/partners.db</c>), mirrored in memory so every partner request is a
/// hash lookup and a revocation takes effect on the next request. A key is 32 random bytes (base64url), shown once at
/// creation; only its SHA-256 hash is stored.
/// </summary>
public sealed class PartnerKeyStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Dictionary<string, (byte[] Hash, PartnerKey Key)> _byHash = new(StringComparer.Ordinal);
    private List<PartnerKey> _all = [];

    public PartnerKeyStore(string stateDirectory, TimeProvider time)
    {
        _time = time;
        _connection = StateDatabase.Open(stateDirectory, "partners.db", StateDurability.Full, """
            CREATE TABLE IF NOT EXISTS partner_keys (
              id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, allowed_origins TEXT NOT NULL,
              filter TEXT NOT NULL, rate_limit_per_minute INTEGER NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
            """);
        Reload();
    }

    /// <summary>Every key, newest first, revoked ones included.</summary>
    public IReadOnlyList<PartnerKey> List()
    {
        lock (_lock)
        {
            return _all;
        }
    }

    /// <summary>Creates a key; the returned secret exists nowhere else afterwards.</summary>
    public (PartnerKey Key, string Secret) Create(string name, IReadOnlyList<string> allowedOrigins, PartnerFilter filter, int rateLimitPerMinute)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new PartnerKey("pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), name, allowedOrigins, filter,
            rateLimitPerMinute, _time.GetUtcNow(), RevokedAt: null);
        lock (_lock)
        {
            Execute("""
                INSERT INTO partner_keys (id, key_hash, name, allowed_origins, filter, rate_limit_per_minute, created_at)
                VALUES ($id, $hash, $name, $origins, $filter, $rate, $created)
                """,
                ("$id", key.Id), ("$hash", Convert.ToHexStringLower(Hash(secret))), ("$name", name),
                ("$origins", JsonSerializer.Serialize(allowedOrigins)), ("$filter", filter.ToString()), ("$rate", rateLimitPerMinute),
                ("$created", key.CreatedAt.ToString("O")));
            Reload();
        }

        return (key, secret);
    }

    /// <summary>Revokes a key for every following request; false when there is no such key. Revoking twice is harmless.</summary>
    public bool Revoke(string id)
    {
        lock (_lock)
        {
            if (_all.All(k => k.Id != id))
            {
                return false;
            }

            Execute("UPDATE partner_keys SET revoked_at = $now WHERE id = $id AND revoked_at IS NULL",
                ("$id", id), ("$now", _time.GetUtcNow().ToString("O")));
            Reload();
            return true;
        }
    }

    /// <summary>The active key whose hash matches the presented key, else null. The hash is compared in constant time.</summary>
    public PartnerKey? Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
        {
            return null;
        }

        var hash = Hash(presented);
        Dictionary<string, (byte[] Hash, PartnerKey Key)> byHash;
        lock (_lock)
        {
            byHash = _byHash;
        }

        return byHash.TryGetValue(Convert.ToHexStringLower(hash), out var entry) && CryptographicOperations.FixedTimeEquals(hash, entry.Hash)
            ? entry.Key
            : null;
    }

    /// <summary>Whether any active key allows <paramref name="origin"/> (normalised); decides CORS preflights, which carry no key.</summary>
    public bool AnyKeyAllows(string origin)
    {
        lock (_lock)
        {
            return _all.Any(k => k.IsActive && k.Allows(origin));
        }
    }

    public void Dispose() => _connection.Dispose();

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void Reload()
    {
        var all = new List<PartnerKey>();
        var byHash = new Dictionary<string, (byte[] Hash, PartnerKey Key)>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = """
                SELECT id, key_hash, name, allowed_origins, filter, rate_limit_per_minute, created_at, revoked_at
                FROM partner_keys ORDER BY created_at DESC
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // A stored filter that no longer parses must not widen the key to everything: such a key stays inactive.
                var filter = PartnerFilter.Parse(reader.GetString(4)).Filter;
                var key = new PartnerKey(
                    reader.GetString(0),
                    reader.GetString(2),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
                    filter ?? PartnerFilter.None,
                    reader.GetInt32(5),
                    DateTimeOffset.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture),
                    reader.IsDBNull(7) ? null : DateTimeOffset.Parse(reader.GetString(7), System.Globalization.CultureInfo.InvariantCulture));
                all.Add(key);
                if (key.IsActive && filter is not null)
                {
                    var hashHex = reader.GetString(1);
                    byHash[hashHex] = (Convert.FromHexString(hashHex), key);
                }
            }
        }

        _all = all;
        _byHash = byHash;
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
