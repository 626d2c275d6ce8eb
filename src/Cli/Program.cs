using Search.Cli.Analysis;
using Search.Cli.Eval;
using Search.Cli.Families;
using Search.Cli.Faults;
using Search.Cli.Harvest;
using Search.Cli.Index;
using Search.Cli.Samples;

namespace Search.Cli;

internal static class Program
{
    private const string Usage = """
        Usage: dotnet run --project src/Cli -- <command>

        Commands:
          samples build [--root <dir>]   Build samples/<network>/bijlagen/*.pdf|*.docx from samples/attachment-sources.
                                         --root is the samples folder (default: found by walking up from the current directory).
          harvest --source <id> [--data <dir>] [--sources <dir>] [--allow-private-networks]
                                         Harvest one source now, in this process, with a progress bar.
          eval [--corpus <dir>] [--out <file>] [--Search:Key=value …]
                                         Serve a judged corpus (default ../shared/data/sample-corpus) from a loopback site,
                                         harvest it with the real service over HTTP and print nDCG@10, MRR and recall@10.
          bench                          The benchmark is its own project (Release build, not part of dotnet test):
                                         dotnet run -c Release --project src/Bench -- [--sizes 10000,100000] [--clients 1,2,8]
                                         [--duration 20s] [--out docs/benchmarks.md]   (--help lists every option)
        """ + "\n" + AnalysisCommand.Usage + "\n" + FamiliesCommand.Usage + "\n" + FaultsCommand.Usage + "\n" + IndexCommand.Usage;

    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        return args switch
        {
            ["samples", "build", .. var rest] => await SampleAttachmentsCommand.RunAsync(rest, cancellation.Token),
            ["eval", .. var rest] => await EvalCommand.RunAsync(rest, cancellation.Token),
            ["analysis", .. var rest] => await AnalysisCommand.RunAsync(rest, cancellation.Token),
            ["harvest", .. var rest] => await HarvestCommand.RunAsync(rest, cancellation.Token),
            ["index", .. var rest] => await IndexCommand.RunAsync(rest, cancellation.Token),
            ["families", .. var rest] => FamiliesCommand.Run(rest),
            ["faults", .. var rest] => await FaultsCommand.RunAsync(rest, cancellation.Token),
            ["help" or "--help" or "-h"] => PrintUsage(0),
            _ => PrintUsage(2),
        };
    }

    private static int PrintUsage(int exitCode)
    {
        (exitCode == 0 ? Console.Out : Console.Error).WriteLine(Usage);
        return exitCode;
    }
}
