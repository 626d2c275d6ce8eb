using System.Text;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Tests.Contract;

public sealed class FolderConnectorContractTests : ConnectorContractTests
{
    private static readonly Uri BaseUrl = new("https://kennisbank.example/Gedeelde%20map/");

    protected override ContractSource Publish(IReadOnlyList<ContractDocument> documents, IReadOnlyList<ContractDocument> withdrawn)
    {
        foreach (var gone in withdrawn)
        {
            File.Delete(PathOf(gone));
        }

        foreach (var document in documents)
        {
            var path = PathOf(document);
            var body = Encoding.UTF8.GetBytes(document.Html());
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(body))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, body);
            }
        }

        var source = new SourceDefinition
        {
            Id = "contract-folder",
            Name = "Contract (folder)",
            Kind = SourceKind.Folder,
            Path = FolderPath,
            BaseUrl = BaseUrl,
            Schedule = "0 0 3 * * ?",
        };
        var urls = documents.ToDictionary(d => d.Key, d => new Uri(BaseUrl, $"Kennis/{d.Key}.html"));
        return new ContractSource(Connector(SourceKind.Folder), source, urls);
    }

    protected override void BreakListing() => Directory.Delete(FolderPath, recursive: true);

    private string PathOf(ContractDocument document) => Path.Combine(FolderPath, "Kennis", document.Key + ".html");
}
