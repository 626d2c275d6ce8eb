using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using Search.Indexer.Harvesting;
using Search.SearchApi.Partners;
using Search.SearchApi.Search;

namespace Search.SearchApi.Admin;

/// <summary>Every admin action that changes something, in SQLite (<c>{DataDirectory}/state/audit.db</c>): who, what, target, when, outcome.</summary>
public sealed class AuditLog : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public AuditLog(string stateDirectory, TimeProvider time)
    {
        _time = time;
        _connection = StateDatabase.Open(stateDirectory, "audit.db", StateDurability.Full, """
            CREATE TABLE IF NOT EXISTS audit (
              seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
              target TEXT, status INTEGER NOT NULL);
            """);
    }

    public void Record(string who, string action, string? target, int status)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO audit (at, who, action, target, status) VALUES ($at, $who, $action, $target, $status)";
            command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$who", who);
            command.Parameters.AddWithValue("$action", action);
            command.Parameters.AddWithValue("$target", (object?)target ?? DBNull.Value);
            command.Parameters.AddWithValue("$status", status);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The newest entries first.</summary>
    public IReadOnlyList<AuditEntry> Recent(int limit)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT at, who, action, target, status FROM audit ORDER BY seq DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<AuditEntry>();
            while (reader.Read())
            {
                entries.Add(new AuditEntry(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1),
                    reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4)));
            }

            return entries;
        }
    }

    public void Dispose() => _connection.Dispose();
}

public sealed record AuditEntry(DateTimeOffset At, string Who, string Action, string? Target, int Status);

/// <summary>
/// Writes an audit entry after every admin request that can change state (not GET, not the read-only analyze and dry
/// run). Added after <see cref="AdminKeyFilter"/>, so only authorised requests are recorded, with the outcome's status.
/// </summary>
internal sealed class AuditFilter : IEndpointFilter
{
    private static readonly HashSet<string> ReadOnlyRoutes = new(StringComparer.Ordinal) { "/api/v1/admin/analyze", "/api/v1/admin/sources/dry-run" };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? string.Empty;
        route = "/" + route.Trim('/');
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || ReadOnlyRoutes.Contains(route))
        {
            return await next(context).ConfigureAwait(false);
        }

        object? result = null;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            result = await next(context).ConfigureAwait(false);
            status = StatusOf(result) ?? http.Response.StatusCode;
            return result;
        }
        finally
        {
            var target = http.Request.RouteValues.TryGetValue("id", out var id) ? id?.ToString()
                : http.Request.RouteValues.TryGetValue("name", out var name) ? name?.ToString()
                : CreatedId(result);
            http.RequestServices.GetRequiredService<AuditLog>().Record(Who(http), $"{http.Request.Method} {route}", target, status);
        }
    }

    /// <summary>The admin key when one was sent (it is what authorised the request), else the signed-in admin's name.</summary>
    internal static string Who(HttpContext http) =>
        http.Request.Headers.ContainsKey(AdminKeyFilter.Header) || http.User.Identity is not { IsAuthenticated: true } identity
            ? "admin-key"
            : http.User.FindFirst("name")?.Value ?? identity.Name ?? "admin";

    private static int? StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } code } => code,
        _ => null,
    };

    private static string? CreatedId(object? result) => result switch
    {
        INestedHttpResult nested => CreatedId(nested.Result),
        IValueHttpResult { Value: SourceResponse source } => source.Id,
        IValueHttpResult { Value: CreatedPartnerKey key } => key.Id,
        IValueHttpResult { Value: Indexer.Writing.IndexRebuildStatus rebuild } => rebuild.RunId,
        _ => null,
    };
}
