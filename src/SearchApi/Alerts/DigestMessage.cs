using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;

namespace Search.SearchApi.Alerts;

/// <summary>One new document in a digest.</summary>
public sealed record DigestDocument(string Title, string Url, string SourceName, DateOnly? Published, DateTimeOffset HarvestedAt);

/// <summary>Composes the Dutch digest e-mail, plain text and HTML (pure).</summary>
public static class DigestMessage
{
    public static string Subject(string name) => $"Nieuwe documenten voor ‘{name}’";

    public static MimeMessage Compose(SavedSearch search, IReadOnlyList<DigestDocument> documents, MailboxAddress from)
    {
        var message = new MimeMessage { Subject = Subject(search.Name) };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(search.Email));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = Text(search, documents), HtmlBody = Html(search, documents) }.ToMessageBody();
        return message;
    }

    public static string Text(SavedSearch search, IReadOnlyList<DigestDocument> documents)
    {
        var text = new StringBuilder();
        text.Append(Intro(search, documents.Count)).Append("\n\n");
        foreach (var d in documents)
        {
            text.Append("- ").Append(d.Title).Append('\n')
                .Append("  ").Append(Details(d)).Append('\n')
                .Append("  ").Append(d.Url).Append("\n\n");
        }

        text.Append(Footer(search)).Append('\n');
        return text.ToString();
    }

    public static string Html(SavedSearch search, IReadOnlyList<DigestDocument> documents)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(Subject(search.Name))).Append("</title></head><body>")
            .Append("<p>").Append(Encode(Intro(search, documents.Count))).Append("</p><ul>");
        foreach (var d in documents)
        {
            html.Append("<li>");
            html.Append(IsWebLink(d.Url) ? $"<a href=\"{Encode(d.Url)}\">{Encode(d.Title)}</a>" : Encode(d.Title));
            html.Append("<br><small>").Append(Encode(Details(d))).Append("</small></li>");
        }

        html.Append("</ul><p><small>").Append(Encode(Footer(search))).Append("</small></p></body></html>");
        return html.ToString();
    }

    private static string Intro(SavedSearch search, int count) => count == 1
        ? $"Er is 1 nieuw document voor uw opgeslagen zoekopdracht ‘{search.Name}’{QueryText(search.Query)}:"
        : $"Er zijn {count} nieuwe documenten voor uw opgeslagen zoekopdracht ‘{search.Name}’{QueryText(search.Query)}:";

    private static string QueryText(SavedQuery query) => query.Q.Length == 0 ? string.Empty : $" (zoekvraag: {query.Q})";

    private static string Details(DigestDocument d) =>
        $"{d.SourceName}" + (d.Published is { } published ? $" · gepubliceerd {published.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)}" : string.Empty)
        + $" · gevonden {d.HarvestedAt.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)}";

    private static string Footer(SavedSearch search) =>
        $"U ontvangt dit bericht {(search.Frequency == AlertFrequency.Weekly ? "hoogstens eens per week" : "hoogstens eens per dag")} omdat u deze zoekopdracht hebt opgeslagen in Kennisbank Zoeken. U kunt de zoekopdracht daar verwijderen.";

    private static bool IsWebLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
