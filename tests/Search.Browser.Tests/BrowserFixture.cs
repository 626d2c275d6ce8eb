using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Search.SearchApi.Tests;
using Search.TestKit;

namespace Search.Browser.Tests;

/// <summary>
/// The real service on Kestrel (127.0.0.1, random port) so a browser can reach it, plus one public source of hostile
/// titles and the access fixtures' members:oost and teaser sources. Admin key set, so tests create partner keys through the admin API.
/// </summary>
public sealed class KestrelSearchFactory : SearchApiFactory
{
    public const string AdminKey = "test-beheersleutel-browser-0123";

    /// <summary>A public document whose title is markup; the widget must show it as text.</summary>
    public const string HostileTitle = "<img src=x onerror=alert(1)> Handreiking zolderkwekerij";

    public KestrelSearchFactory() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    public Uri BaseUrl { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    // Private networks allowed so the admin console can dry-run a source on a loopback site.
    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Search:Admin:ApiKey", AdminKey), ("urls", "http://127.0.0.1:0"),
        ("Search:Harvest:AllowPrivateNetworks", "true"), ("Search:Harvest:MinDelayPerHost", "00:00:00"),
    ];

    protected override void WriteSources()
    {
        base.WriteSources();
        var folder = Path.Combine(DocumentsDirectory, "extra");
        Directory.CreateDirectory(folder);
        var title = WebUtility.HtmlEncode(HostileTitle);
        File.WriteAllText(Path.Combine(folder, "zolderkwekerij.html"), $"""
            <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>
            <meta property="article:published_time" content="2024-04-02T10:00:00+01:00"></head>
            <body><main><article><h1>{title}</h1><p>Hoe herkent u een zolderkwekerij? Warmte, geur en dichte ramen.
            &lt;svg onload=alert(2)&gt; staat hier als tekst.</p></article></main></body></html>
            """);
        Fixtures.WriteSource(SourcesDirectory, "extra", "Netwerk Extra", folder, new Uri("https://extra.example/"), "public");
        // A members:oost source and a restricted: "teaser" one, as in the API's access tests.
        Fixtures.WriteAccessSources(SourcesDirectory, DocumentsDirectory);
    }

    public async Task<string> CreatePartnerKeyAsync(Uri allowedOrigin, string? filter = null)
    {
        using var admin = CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/partner-keys", new
        {
            name = "Testpartner",
            allowedOrigins = new[] { allowedOrigin.GetLeftPart(UriPartial.Authority) },
            filter,
            rateLimitPerMinute = 1000,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["key"]!.GetValue<string>();
    }
}

/// <summary>Service, two partner origins (allowed and not) and one headless Debian chromium, shared by the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumPaths = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    public KestrelSearchFactory Service { get; } = new();

    public LoopbackSite Partner { get; private set; } = null!;

    public LoopbackSite Stranger { get; private set; } = null!;

    public string Key { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        var chromium = ChromiumPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium not found: install Debian's browser with `apt-get install -y chromium` (Playwright must not download one).");
        await Service.InitializeAsync();
        Partner = await LoopbackSite.StartAsync();
        Stranger = await LoopbackSite.StartAsync();
        Key = await Service.CreatePartnerKeyAsync(Partner.BaseUrl);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Partner is not null)
        {
            await Partner.DisposeAsync();
        }

        if (Stranger is not null)
        {
            await Stranger.DisposeAsync();
        }

        await Service.DisposeAsync();
    }

    /// <summary><c>TestResults/screenshots</c> in the repository root (git-ignored), so CI can keep it as an artefact.</summary>
    private static string FindScreenshotDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Search.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
