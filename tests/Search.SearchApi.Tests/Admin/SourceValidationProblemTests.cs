using System.Text;
using Microsoft.AspNetCore.Http;
using Search.Connectors.Http;
using Search.Indexer;
using Search.SearchApi.Admin;
using Search.TestKit;

namespace Search.SearchApi.Tests.Admin;

/// <summary>The per-field problems of a posted source definition, as an administrator reads them: in Dutch.</summary>
public sealed class SourceValidationProblemTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Should_say_in_Dutch_that_the_id_in_the_body_differs_from_the_id_in_the_url()
    {
        var errors = await ErrorsAsync("""{ "id": "noord", "name": "Noord", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" }""", routeId: "zuid");

        Assert.Equal(["Het id in de body ('noord') moet gelijk zijn aan het id in de URL ('zuid')."], errors["id"]);
    }

    [Fact]
    public async Task Should_say_in_Dutch_that_a_private_host_is_refused()
    {
        var errors = await ErrorsAsync("""{ "id": "lokaal", "name": "Lokaal", "kind": "sitemap", "url": "http://127.0.0.1/sitemap.xml", "schedule": "0 0 3 * * ?" }""");

        Assert.Equal(
            ["Host '127.0.0.1' verwijst naar een loopback-, privé- of link-local adres (of naar geen enkel adres); geweigerd omdat Search:Harvest:AllowPrivateNetworks false is."],
            errors["url"]);
    }

    [Fact]
    public async Task Should_pass_the_loader_problems_on_per_field()
    {
        var errors = await ErrorsAsync("""{ "id": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?", "maxDocuments": 0 }""");

        Assert.Equal(["Is verplicht."], errors["name"]);
        Assert.Equal(["Moet een geheel getal van 1 tot en met 1.000.000 zijn."], errors["maxDocuments"]);
    }

    private async Task<IDictionary<string, string[]>> ErrorsAsync(string json, string? routeId = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var paths = new ResolvedPaths(_dir.Path, _dir.Path, Path.Combine(_dir.Path, "taxonomy.json"), _dir.Path);

        var (source, _, invalid, problem) = await AdminEndpoints.ReadSourceAsync(
            context.Request, paths, new HarvestHttpOptions { AllowPrivateNetworks = false }, routeId, CancellationToken.None);

        Assert.Null(source);
        Assert.Null(problem);
        Assert.NotNull(invalid);
        Assert.Equal("De brondefinitie is ongeldig; zie 'errors' per veld.", invalid.ProblemDetails.Detail);
        return invalid.ProblemDetails.Errors;
    }
}
