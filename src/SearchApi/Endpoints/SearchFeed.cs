using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Search.SearchApi.Search;
using Search.SearchApi.Security;

namespace Search.SearchApi.Endpoints;

/// <summary><c>GET /api/v1/search.atom</c>: a search as an Atom feed, newest first, of what the caller may see.</summary>
public static partial class SearchFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    internal static Results<ContentHttpResult, ValidationProblem, ProblemHttpResult> Get(
        HttpContext context,
        SearchService search,
        CallerAccess caller,
        TimeProvider time,
        [FromQuery] string? q,
        [FromQuery] string[]? source,
        [FromQuery] string[]? type,
        [FromQuery] string[]? theme,
        [FromQuery] string[]? year,
        [FromQuery] string? page,
        [FromQuery] string? pageSize)
    {
        var (request, errors) = SearchRequestParser.Parse(q, source, type, theme, year, page, pageSize, "date");
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors, detail: "Een of meer parameters van de zoekopdracht zijn ongeldig.", title: "Ongeldige zoekopdracht");
        }

        SearchResponse response;
        try
        {
            response = search.Search(request, caller);
        }
        catch (QuerySyntaxException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Ongeldige zoekvraag");
        }

        var self = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}");
        return TypedResults.Content(Render(response, self, time.GetUtcNow()), ContentType, Encoding.UTF8);
    }

    /// <summary>The feed document (pure).</summary>
    public static string Render(SearchResponse response, Uri self, DateTimeOffset now)
    {
        var title = response.Query.Length == 0 ? "Kennisbank Zoeken: nieuwste documenten" : $"Kennisbank Zoeken: {response.Query}";
        var items = response.Hits.Select(hit =>
        {
            var item = new SyndicationItem(hit.Title, (SyndicationContent?)null, new Uri(hit.Url), "urn:kennisbank-zoeken:document:" + hit.Id, Updated(hit.Published, now))
            {
                Summary = new TextSyndicationContent(PlainText(hit.Snippet)),
            };
            item.Authors.Add(new SyndicationPerson { Name = hit.Source.Name });
            item.Categories.Add(new SyndicationCategory(hit.Source.Id, null, hit.Source.Name));
            if (hit.Published is { } published)
            {
                item.PublishDate = Updated(published, now);
            }

            return item;
        }).ToList();
        var feed = new SyndicationFeed(title, response.Notice, self, self.AbsoluteUri, items.Count == 0 ? now : items.Max(i => i.LastUpdatedTime), items)
        {
            Language = "nl",
        };
        feed.Links.Add(new SyndicationLink(self, "self", title, "application/atom+xml", 0));

        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>A snippet without markup: no &lt;mark&gt;, entities decoded.</summary>
    public static string PlainText(string snippet) => WebUtility.HtmlDecode(MarkTag().Replace(snippet, string.Empty));

    private static DateTimeOffset Updated(DateOnly? date, DateTimeOffset now) =>
        date is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : now;

    [GeneratedRegex("</?mark>")]
    private static partial Regex MarkTag();
}
