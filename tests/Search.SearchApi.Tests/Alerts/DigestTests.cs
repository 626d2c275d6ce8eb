using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Quartz;
using Search.Indexer.Schema;
using Search.SearchApi.Alerts;
using Search.TestKit;

namespace Search.SearchApi.Tests.Alerts;

/// <summary>
/// The e-mail digest end to end: saved through the API, new documents indexed, <see cref="DigestRunner"/> run once,
/// messages received by a local <see cref="SmtpSink"/>. Every test uses its own unique word and users.
/// </summary>
public sealed class DigestTests(AlertsApiFactory factory) : IClassFixture<AlertsApiFactory>
{
    [Fact]
    public async Task Should_mail_new_matches_the_user_may_read_once_and_nothing_on_the_next_run()
    {
        var word = AlertsApiFactory.UniqueWord();
        var (email, _) = await SaveAsync("oost", $"Alerts {word}", word);
        var old = await factory.AddDocumentAsync($"Oud besluit {word}", "oost", "Netwerk Oost", AccessLabels.Public, DateTimeOffset.UtcNow.AddDays(-3));
        var fresh = await factory.AddDocumentAsync($"Nieuw convenant {word}", "oost", "Netwerk Oost", AccessLabels.Public);
        var oostOnly = await factory.AddDocumentAsync($"Werkinstructie oost {word}", "oostleden", "Netwerk Oost (netwerkleden)", AccessLabels.MembersOf("oost"));
        var westOnly = await factory.AddDocumentAsync($"Werkinstructie west {word}", "westleden", "Netwerk West (netwerkleden)", AccessLabels.MembersOf("west"));

        var first = await factory.Digests.RunOnceAsync(CancellationToken.None);

        Assert.True(first.Sent >= 1);
        var message = Parse(Assert.Single(factory.Smtp.MessagesTo(email)));
        Assert.Equal($"Nieuwe documenten voor ‘Alerts {word}’", message.Subject);
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("noreply@kennisbank-zoeken.test", Assert.Single(message.From.Mailboxes).Address);
        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            Assert.Contains(fresh.Title, body);
            Assert.Contains(fresh.Url, body);
            Assert.Contains("Netwerk Oost", body);
            Assert.Contains("01-10-2026", body);
            Assert.Contains(oostOnly.Title, body);
            Assert.DoesNotContain(westOnly.Title, body);
            Assert.DoesNotContain(old.Title, body);
        }

        Assert.Contains($"<a href=\"{fresh.Url}\">{fresh.Title}</a>", message.HtmlBody);
        Assert.StartsWith("Er zijn 2 nieuwe documenten voor uw opgeslagen zoekopdracht", message.TextBody);

        await factory.Digests.RunOnceAsync(CancellationToken.None);
        await factory.Digests.RunOnceAsync(DateTimeOffset.UtcNow.AddDays(2), CancellationToken.None);
        Assert.Single(factory.Smtp.MessagesTo(email));
    }

    [Fact]
    public async Task Should_not_mail_a_member_of_another_network_documents_only_oost_may_read()
    {
        var word = AlertsApiFactory.UniqueWord();
        var (westEmail, _) = await SaveAsync("west", "West volgt", word);
        var (anyEmail, _) = await SaveAsync(null, "Zonder netwerk", word);
        var publicDoc = await factory.AddDocumentAsync($"Openbaar besluit {word}", "west", "Netwerk West", AccessLabels.Public);
        var oostOnly = await factory.AddDocumentAsync($"Vertrouwelijk oost {word}", "oostleden", "Netwerk Oost (netwerkleden)", AccessLabels.MembersOf("oost"));

        await factory.Digests.RunOnceAsync(CancellationToken.None);

        foreach (var email in new[] { westEmail, anyEmail })
        {
            var message = Parse(Assert.Single(factory.Smtp.MessagesTo(email)));
            Assert.Contains(publicDoc.Title, message.TextBody);
            Assert.DoesNotContain(oostOnly.Title, message.TextBody);
            Assert.DoesNotContain(oostOnly.Title, message.HtmlBody);
            Assert.DoesNotContain(oostOnly.Url, message.HtmlBody);
            Assert.StartsWith("Er is 1 nieuw document", message.TextBody);
        }
    }

    [Fact]
    public async Task Should_send_nothing_when_there_are_no_new_matches()
    {
        var word = AlertsApiFactory.UniqueWord();
        var (email, id) = await SaveAsync("oost", "Niets nieuws", word);
        await factory.AddDocumentAsync($"Te oud {word}", "oost", "Netwerk Oost", AccessLabels.Public, DateTimeOffset.UtcNow.AddDays(-1));
        var (onlyOostEmail, onlyOostId) = await SaveAsync("west", "Alleen oost", word + "y");
        await factory.AddDocumentAsync($"Alleen oost {word}y", "oostleden", "Netwerk Oost (netwerkleden)", AccessLabels.MembersOf("oost"));

        await factory.Digests.RunOnceAsync(CancellationToken.None);

        Assert.Empty(factory.Smtp.MessagesTo(email));
        Assert.Empty(factory.Smtp.MessagesTo(onlyOostEmail));
        Assert.Null(factory.Store.ListAll().Single(s => s.Id == id).LastSentAt);
        Assert.Null(factory.Store.ListAll().Single(s => s.Id == onlyOostId).LastSentAt);
    }

    [Fact]
    public async Task Should_survive_an_unreachable_smtp_server_and_retry_on_the_next_run()
    {
        var word = AlertsApiFactory.UniqueWord();
        var (email, id) = await SaveAsync("oost", "Bij storing", word);
        var fresh = await factory.AddDocumentAsync($"Na de storing {word}", "oost", "Netwerk Oost", AccessLabels.Public);

        factory.Smtp.Refusing = true;
        DigestRunResult failed;
        try
        {
            failed = await factory.Digests.RunOnceAsync(CancellationToken.None);
        }
        finally
        {
            factory.Smtp.Refusing = false;
        }

        Assert.True(failed.Failed >= 1);
        Assert.Empty(factory.Smtp.MessagesTo(email));
        Assert.Null(factory.Store.ListAll().Single(s => s.Id == id).LastSentAt);
        Assert.Contains(factory.Log, line => line.StartsWith("Warning: Digest for saved search " + id, StringComparison.Ordinal) && line.Contains("retried on the next run"));

        var retried = await factory.Digests.RunOnceAsync(CancellationToken.None);

        Assert.True(retried.Sent >= 1);
        Assert.Contains(fresh.Title, Parse(Assert.Single(factory.Smtp.MessagesTo(email))).TextBody);
        Assert.NotNull(factory.Store.ListAll().Single(s => s.Id == id).LastSentAt);
    }

    [Fact]
    public async Task Should_schedule_the_digest_job_on_the_configured_cron()
    {
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var trigger = Assert.IsAssignableFrom<ICronTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(DigestJob.Key)));

        Assert.Equal("0 0 4 1 1 ?", trigger.CronExpressionString);
    }

    /// <summary>Saves a search as a new user (a member of <paramref name="network"/>, or signed in without one).</summary>
    private async Task<(string Email, string Id)> SaveAsync(string? network, string name, string q)
    {
        var subject = $"{network ?? "none"}-{Guid.NewGuid():N}";
        var email = $"{subject}@example.org";
        using var client = factory.ClientAs(subject, email, network);
        using var response = await client.PostAsJsonAsync("/api/v1/me/saved-searches", new { name, q });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (email, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Str("id"));
    }

    private static MimeMessage Parse(SmtpMessage message) => MimeMessage.Load(new MemoryStream(message.Data));
}
