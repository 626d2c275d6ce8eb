using System.Security.Claims;
using Microsoft.Extensions.Options;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Search;
using Search.SearchApi.Security;

namespace Search.SearchApi.Alerts;

/// <summary>What one digest run did.</summary>
public sealed record DigestRunResult(int Due, int Sent, int Failed);

/// <summary>
/// Sends each due saved search a digest of the documents harvested since its last digest, found by running the search
/// with the owner's stored access labels (so it never lists what the owner may not read). Nothing is sent without new
/// documents; <see cref="SavedSearch.LastSentAt"/> advances only after the SMTP server accepted the message, so a
/// failed send is retried on the next run.
/// </summary>
public sealed partial class DigestRunner(
    SavedSearchStore store,
    SearchService search,
    LuceneIndex index,
    DigestSender sender,
    IOptions<SmtpOptions> smtp,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<DigestRunner> logger)
{
    private readonly SemaphoreSlim _running = new(1, 1);

    public Task<DigestRunResult> RunOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>One run at <paramref name="now"/>; runs never overlap.</summary>
    public async Task<DigestRunResult> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!smtp.Value.IsConfigured)
        {
            LogNotConfigured(logger);
            return new DigestRunResult(0, 0, 0);
        }

        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int due = 0, sent = 0, failed = 0;
            foreach (var saved in store.ListAll().Where(s => s.IsDue(now)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                due++;
                var documents = NewDocuments(saved);
                if (documents.Count == 0)
                {
                    continue;
                }

                try
                {
                    await sender.SendAsync(DigestMessage.Compose(saved, documents, sender.From), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed++;
                    LogSendFailed(logger, saved.Id, smtp.Value.Host!, smtp.Value.Port, ex.GetType().Name, ex.Message);
                    continue;
                }

                store.MarkSent(saved.Id, now);
                sent++;
                LogSent(logger, saved.Id, documents.Count);
            }

            LogRun(logger, due, sent, failed);
            return new DigestRunResult(due, sent, failed);
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>Documents the owner may read that match the search and were harvested after <see cref="SavedSearch.Since"/>, newest first.</summary>
    internal IReadOnlyList<DigestDocument> NewDocuments(SavedSearch saved)
    {
        var caller = AccessOf(saved.AccessLabels);
        var max = options.Value.MaxDocumentsPerDigest;
        var found = new List<DigestDocument>();
        for (var page = 1; page * SearchRequest.MaxPageSize <= SearchRequest.MaxWindow && found.Count < max; page++)
        {
            var request = new SearchRequest
            {
                Query = saved.Query.Q,
                Sources = saved.Query.Source,
                Types = saved.Query.Type,
                Themes = saved.Query.Theme,
                Years = saved.Query.Year,
                Page = page,
                PageSize = SearchRequest.MaxPageSize,
                Sort = SearchSort.Date,
            };
            SearchResponse response;
            try
            {
                response = search.Search(request, caller);
            }
            catch (QuerySyntaxException)
            {
                LogInvalidQuery(logger, saved.Id);
                return [];
            }

            if (response.Notice is not null)
            {
                // Matched only after relaxing the query (spelling correction, any word): not worth an e-mail.
                LogRelaxed(logger, saved.Id);
                return [];
            }

            foreach (var hit in response.Hits.Where(h => h.Restricted is not true))
            {
                if (index.Get(hit.Id) is { } doc && caller.CanRead(doc.Access) && doc.HarvestedAt > saved.Since && found.Count < max)
                {
                    found.Add(new DigestDocument(doc.Title, doc.Url, doc.SourceName, doc.Published, doc.HarvestedAt));
                }
            }

            if (response.Hits.Count < request.PageSize)
            {
                break;
            }
        }

        return found.OrderByDescending(d => d.HarvestedAt).ToList();
    }

    /// <summary>The access the owner had when last seen with a token, through the same rules as a live request.</summary>
    internal static CallerAccess AccessOf(IEnumerable<string> labels)
    {
        var claims = new List<Claim>();
        foreach (var label in labels)
        {
            if (label == AccessLabels.Members)
            {
                claims.Add(new Claim(CallerAccess.RolesClaim, CallerAccess.MemberRole));
            }
            else if (label.StartsWith(AccessLabels.Members + ":", StringComparison.Ordinal))
            {
                claims.Add(new Claim(CallerAccess.NetworkClaim, label[(AccessLabels.Members.Length + 1)..]));
            }
        }

        return CallerAccess.FromPrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, SecurityServiceCollectionExtensions.AuthenticationType)));
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Digest for saved search {SavedSearchId} sent with {Count} new documents")]
    private static partial void LogSent(ILogger logger, string savedSearchId, int count);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Digest for saved search {SavedSearchId} not sent through {Host}:{Port} ({Error}: {Message}); retried on the next run")]
    private static partial void LogSendFailed(ILogger logger, string savedSearchId, string host, int port, string error, string message);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Digest run: {Due} saved searches due, {Sent} digests sent, {Failed} failed")]
    private static partial void LogRun(ILogger logger, int due, int sent, int failed);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Digests are off: Search:Smtp:Host is not set")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Saved search {SavedSearchId} has a query that cannot be parsed; skipped")]
    private static partial void LogInvalidQuery(ILogger logger, string savedSearchId);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Saved search {SavedSearchId} matched only a relaxed query (spelling or any word); no digest")]
    private static partial void LogRelaxed(ILogger logger, string savedSearchId);
}
