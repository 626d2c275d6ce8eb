using Microsoft.Extensions.Configuration;
using Search.Connectors.Abstractions;
using Search.Connectors.Auth;

namespace Search.Connectors.Tests.Auth;

public sealed class SourceCredentialStoreTests
{
    [Fact]
    public void Should_read_credentials_from_environment_variables_through_configuration()
    {
        var sourceId = "bron" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable($"Search__Credentials__{sourceId}__Username", "harvester");
        Environment.SetEnvironmentVariable($"Search__Credentials__{sourceId}__Password", "Omgeving-Geheim-1");
        try
        {
            var store = new SourceCredentialStore(new ConfigurationBuilder().AddEnvironmentVariables().Build());

            var credentials = store.Find(sourceId);

            Assert.NotNull(credentials);
            Assert.Equal("harvester", credentials.Username);
            Assert.Equal("Omgeving-Geheim-1", credentials.Password);
            Assert.Null(credentials.Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"Search__Credentials__{sourceId}__Username", null);
            Environment.SetEnvironmentVariable($"Search__Credentials__{sourceId}__Password", null);
        }
    }

    [Fact]
    public void Should_find_nothing_for_a_source_without_credentials()
    {
        var store = new SourceCredentialStore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Search:Credentials:andere:Password"] = "x",
        }).Build());

        Assert.Null(store.Find("oost"));
    }

    [Fact]
    public void Should_not_reveal_secrets_when_printed()
    {
        var credentials = new SourceCredentials("harvester", "Geheim-Wachtwoord", "Geheim-Token", "sessie=Geheim-Koekje");

        var text = credentials.ToString();

        Assert.DoesNotContain("Geheim", text);
        Assert.DoesNotContain("harvester", text);
        Assert.Contains("password: set", text);
    }

    [Theory]
    [InlineData(AuthKind.Basic, "Search:Credentials:oost:Username and Search:Credentials:oost:Password")]
    [InlineData(AuthKind.Bearer, "Search:Credentials:oost:Token")]
    [InlineData(AuthKind.Cookie, "Search:Credentials:oost:Cookie")]
    public void Should_name_every_missing_setting_of_a_source(AuthKind kind, string missing)
    {
        var source = new SourceDefinition
        {
            Id = "oost",
            Name = "Oost",
            Kind = SourceKind.Sitemap,
            Url = new Uri("https://oost.example/sitemap.xml"),
            Schedule = "0 0 3 * * ?",
            Auth = new SourceAuth { Kind = kind },
        };

        var ex = Assert.Throws<HarvestException>(() => SourceSession.Create(source, null));

        Assert.Equal($"Source 'oost' uses {kind} authentication but {missing} is not configured.", ex.Message);
    }
}
