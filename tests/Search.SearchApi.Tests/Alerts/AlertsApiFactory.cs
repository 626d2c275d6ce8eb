using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Alerts;
using Search.SearchApi.Tests.Security;
using Search.TestKit;

namespace Search.SearchApi.Tests.Alerts;

/// <summary>
/// The API with the HS256 development key and its digests sent to a local <see cref="SmtpSink"/>. The digest schedule
/// fires once a year, so only the tests run digests (through <see cref="DigestRunner"/>).
/// </summary>
public sealed class AlertsApiFactory : AccessApiFactory
{
    public const string Sender = "Kennisbank Zoeken <noreply@kennisbank-zoeken.test>";

    public SmtpSink Smtp { get; } = new();

    public DigestRunner Digests => Services.GetRequiredService<DigestRunner>();

    public SavedSearchStore Store => Services.GetRequiredService<SavedSearchStore>();

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        .. base.Settings,
        ("Search:Smtp:Host", Smtp.Host),
        ("Search:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Search:Smtp:UseTls", "false"),
        ("Search:Smtp:From", Sender),
        ("Search:Smtp:Timeout", "00:00:05"),
        ("Search:Alerts:Schedule", "0 0 4 1 1 ?"),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>A client with a valid token for <paramref name="subject"/>; no email claim when <paramref name="email"/> is null.</summary>
    public HttpClient ClientAs(string subject, string? email, string? network)
    {
        var claims = new List<Claim> { new("sub", subject) };
        if (email is not null)
        {
            claims.Add(new Claim("email", email));
        }

        if (network is not null)
        {
            claims.Add(new Claim("network", network));
            claims.Add(new Claim("roles", "member"));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Indexes a document harvested at <paramref name="harvestedAt"/> (now by default) and makes it searchable.</summary>
    public async Task<IndexDocument> AddDocumentAsync(string title, string source, string sourceName, string access, DateTimeOffset? harvestedAt = null)
    {
        var id = $"{source}-alert-{Guid.NewGuid():N}";
        var document = new IndexDocument
        {
            Id = id,
            SourceId = source,
            SourceName = sourceName,
            Url = $"https://{source}.example/alerts/{id}.html",
            Title = title,
            Body = $"{title}. Een nieuw document over ondermijning voor de attenderingstest.",
            Type = "nieuws",
            Format = "html",
            Access = [access],
            Published = new DateOnly(2026, 10, 1),
            HarvestedAt = harvestedAt ?? DateTimeOffset.UtcNow,
        };
        var index = Services.GetRequiredService<LuceneIndex>();
        await index.UpsertAsync([document], CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        return document;
    }

    /// <summary>A word that occurs in no fixture and no other test.</summary>
    public static string UniqueWord() => "zq" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8)) + "x";
}
