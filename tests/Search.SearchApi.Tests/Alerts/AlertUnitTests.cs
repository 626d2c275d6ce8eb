using MimeKit;
using Search.SearchApi.Alerts;

namespace Search.SearchApi.Tests.Alerts;

public sealed class AlertUnitTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_report_every_smtp_problem_at_once_without_the_password()
    {
        var options = new SmtpOptions { Host = "smtp.example.org", Port = 0, From = "geen adres", Username = "digest", Timeout = TimeSpan.Zero };

        var result = new SmtpOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains("Search:Smtp:Port must be between 1 and 65535, was 0.", result.Failures!);
        Assert.Contains("Search:Smtp:From must be an e-mail address, was 'geen adres'.", result.Failures!);
        Assert.Contains("Search:Smtp:Username and Search:Smtp:Password must be set together.", result.Failures!);
    }

    [Fact]
    public void Should_accept_no_smtp_host_as_digests_off()
    {
        Assert.True(new SmtpOptionsValidator().Validate(null, new SmtpOptions()).Succeeded);
        Assert.False(new SmtpOptions().IsConfigured);
    }

    [Fact]
    public void Should_never_show_the_smtp_password()
    {
        var options = new SmtpOptions { Host = "smtp.example.org", Username = "digest", Password = "s3cret-wachtwoord", From = "noreply@example.org" };

        Assert.DoesNotContain("s3cret-wachtwoord", options.ToString());
        Assert.Contains("***", options.ToString());
        Assert.True(new SmtpOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("0 0 * * * ?", true)]
    [InlineData("elk uur", false)]
    [InlineData("", false)]
    public void Should_validate_the_digest_schedule_as_a_cron_expression(string schedule, bool valid)
    {
        var result = new AlertOptionsValidator().Validate(null, new AlertOptions { Schedule = schedule });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains($"Search:Alerts:Schedule must be a Quartz cron expression, was '{schedule}'.", result.Failures!);
        }
    }

    [Theory]
    [InlineData(AlertFrequency.Daily, null, true)]
    [InlineData(AlertFrequency.Daily, -23, false)]
    [InlineData(AlertFrequency.Daily, -24, true)]
    [InlineData(AlertFrequency.Weekly, -24 * 6, false)]
    [InlineData(AlertFrequency.Weekly, -24 * 7, true)]
    public void Should_be_due_at_most_once_per_period(AlertFrequency frequency, int? lastSentHoursAgo, bool due)
    {
        var saved = Saved(frequency) with { LastSentAt = lastSentHoursAgo is { } h ? Now.AddHours(h) : null };

        Assert.Equal(due, saved.IsDue(Now));
    }

    [Fact]
    public void Should_encode_titles_and_link_only_web_addresses_in_the_html_digest()
    {
        var documents = new[]
        {
            new DigestDocument("<script>alert(1)</script> & meer", "https://oost.example/a?x=1&y=2", "Netwerk Oost", new DateOnly(2026, 10, 1), Now),
            new DigestDocument("Bestand", "file:///share/geheim.docx", "Share", null, Now),
        };

        var message = DigestMessage.Compose(Saved(AlertFrequency.Weekly), documents, MailboxAddress.Parse("noreply@example.org"));

        Assert.Equal("Nieuwe documenten voor ‘Hennep’", message.Subject);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer", message.HtmlBody);
        Assert.DoesNotContain("<script>", message.HtmlBody);
        Assert.Contains("href=\"https://oost.example/a?x=1&amp;y=2\"", message.HtmlBody);
        Assert.DoesNotContain("href=\"file:", message.HtmlBody);
        Assert.Contains("<script>alert(1)</script> & meer", message.TextBody);
        Assert.Contains("Netwerk Oost · gepubliceerd 01-10-2026 · gevonden 02-11-2026", message.TextBody);
        Assert.Contains("hoogstens eens per week", message.TextBody);
    }

    [Theory]
    [InlineData(new[] { "public" }, new[] { "public" })]
    [InlineData(new[] { "public", "members" }, new[] { "members", "public" })]
    [InlineData(new[] { "public", "members", "members:oost" }, new[] { "members", "members:oost", "public" })]
    [InlineData(new[] { "public", "members:Bad Label!" }, new[] { "public" })]
    public void Should_rebuild_the_stored_access_through_the_same_rules_as_a_token(string[] stored, string[] expected)
    {
        Assert.Equal(expected, DigestRunner.AccessOf(stored).Labels);
    }

    private static SavedSearch Saved(AlertFrequency frequency) =>
        new("ss_1", "tester", "Hennep", new SavedQuery("hennep", [], [], [], []), frequency, "tester@example.org", ["public"], Now.AddDays(-30), null);
}
