using System.Text;
using Search.TestKit;

namespace Search.Connectors.Tests.Feeds;

/// <summary>The payload fixtures under <c>Fixtures/</c>, written against the site <c>https://kennisbank.example/</c>.</summary>
internal static class FixtureFiles
{
    public static readonly Uri Site = new("https://kennisbank.example/");

    public static string Text(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath), Encoding.UTF8);

    public static byte[] Bytes(string relativePath) => Encoding.UTF8.GetBytes(Text(relativePath));

    /// <summary>The fixture with every <c>https://kennisbank.example/</c> address moved to the loopback site.</summary>
    public static string ForSite(string relativePath, LoopbackSite site) =>
        Text(relativePath).Replace(Site.AbsoluteUri, site.BaseUrl.AbsoluteUri, StringComparison.Ordinal);
}
