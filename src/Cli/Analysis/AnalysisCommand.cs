using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis.TokenAttributes;
using Search.Indexer.Analysis;

namespace Search.Cli.Analysis;

/// <summary>
/// Maintenance of the Dutch analysis data in config/analysis:
/// <c>build-wordlist</c> derives nl-words.txt from OpenTaal's word list, <c>check-stemmer</c> pins the Snowball stemmer
/// against a Snowball vocabulary, <c>tokens</c> shows what the index or query analyzer makes of a text.
/// </summary>
public static class AnalysisCommand
{
    public const string Usage = """
          analysis build-wordlist --input <file> [--output <file>] [--config <dir>]
                                         Derive the decompounder's word list from OpenTaal's (apt-get install wdutch:
                                         /usr/share/dict/dutch). Default output: config/analysis/nl-words.txt; the
                                         compound rules are read from --config (default: the output's folder).
          analysis check-stemmer --vocabulary <dir>
                                         Stem <dir>/voc.txt with Snowball "Dutch" and compare with <dir>/dutch_output.txt
                                         (e.g. ../shared/data/dutch/snowball-data-c437f9f). Exit code 1 on any mismatch.
          analysis tokens [--mode index|query] [--config <dir>] <text>
                                         Print the tokens of <text> (default mode: index; default config: built-in).
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken) => args switch
    {
        ["build-wordlist", .. var rest] => await BuildWordListAsync(rest, cancellationToken),
        ["check-stemmer", .. var rest] => await CheckStemmerAsync(rest, cancellationToken),
        ["tokens", .. var rest] => Tokens(rest),
        _ => Fail("analysis: expected build-wordlist, check-stemmer or tokens.\n" + Usage),
    };

    private static async Task<int> BuildWordListAsync(string[] args, CancellationToken cancellationToken)
    {
        var input = Resolve(Option(args, "--input"));
        if (input is null || !File.Exists(input))
        {
            return Fail("analysis build-wordlist: --input <file> is required (e.g. /usr/share/dict/dutch from the wdutch package).");
        }

        var output = Resolve(Option(args, "--output") ?? Path.Combine("config", "analysis", AnalysisResources.WordList), isOutput: true)!;
        var config = Resolve(Option(args, "--config")) ?? Path.GetDirectoryName(output)!;
        var stopwatch = Stopwatch.StartNew();
        var rules = AnalysisResources.ParseCompoundRules(name => AnalysisResources.Open(config, name));
        var result = WordListBuilder.Build(await File.ReadAllLinesAsync(input, cancellationToken), rules);
        var header = $"""
            # Dutch word list for the decompounder, derived from OpenTaal's word list ({Path.GetFileName(input)}) by
            # `dotnet run --project src/Cli -- analysis build-wordlist`: lower-case entries, ASCII-folded, letters only,
            # {WordListBuilder.MinLength}–{WordListBuilder.MaxLength} letters, long compounds the decompounder rebuilds dropped.
            # OpenTaal, BSD-3-Clause or CC-BY-3.0: see nl-words.LICENSE.txt. Regenerate, do not edit by hand.
            """;
        await File.WriteAllTextAsync(output, header + "\n" + string.Join('\n', result.Words) + "\n", cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Read {result.Read:N0} entries, {result.Normalised:N0} usable words, dropped {result.CompoundsDropped:N0} compounds, " +
            $"wrote {result.Words.Count:N0} words ({new FileInfo(output).Length / 1024.0 / 1024.0:0.00} MB) to {Path.GetFullPath(output)} " +
            $"in {stopwatch.Elapsed.TotalSeconds:0.0} s."));
        return 0;
    }

    private static async Task<int> CheckStemmerAsync(string[] args, CancellationToken cancellationToken)
    {
        var directory = Resolve(Option(args, "--vocabulary"));
        var vocabulary = directory is null ? null : Path.Combine(directory, "voc.txt");
        var expected = directory is null ? null : Path.Combine(directory, "dutch_output.txt");
        if (vocabulary is null || expected is null || !File.Exists(vocabulary) || !File.Exists(expected))
        {
            return Fail("analysis check-stemmer: --vocabulary <dir> must hold voc.txt and dutch_output.txt.");
        }

        var stopwatch = Stopwatch.StartNew();
        var words = await File.ReadAllLinesAsync(vocabulary, cancellationToken);
        var stems = await File.ReadAllLinesAsync(expected, cancellationToken);
        var mismatches = SnowballVocabulary.Check(words, stems);
        foreach (var mismatch in mismatches.Take(50))
        {
            Console.WriteLine($"line {mismatch.Line}: {mismatch.Word} → {mismatch.Actual}, expected {mismatch.Expected}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{words.Length:N0} words, {mismatches.Count:N0} mismatches ({stopwatch.Elapsed.TotalSeconds:0.0} s)."));
        return mismatches.Count == 0 ? 0 : 1;
    }

    private static int Tokens(string[] args)
    {
        var mode = Option(args, "--mode") ?? "index";
        var config = Resolve(Option(args, "--config"));
        var text = string.Join(' ', Positional(args));
        if (text.Length == 0 || mode is not ("index" or "query"))
        {
            return Fail("analysis tokens: usage: tokens [--mode index|query] [--config <dir>] <text>");
        }

        var resources = config is null ? AnalysisResources.Default : AnalysisResources.Load(config);
        using var analyzer = mode == "index" ? DutchAnalyzers.CreateIndexAnalyzer(resources) : DutchAnalyzers.CreateQueryAnalyzer(resources);
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            Console.WriteLine($"{position,4}  {term,-24} {offset.StartOffset}-{offset.EndOffset}  {type.Type}");
        }

        stream.End();
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static IEnumerable<string> Positional(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            yield return args[i];
        }
    }

    /// <summary>
    /// A relative path as given, or, when that does not exist (dotnet run starts in src/Cli), relative to the
    /// repository root, so that the paths of the usage text work from the root.
    /// </summary>
    private static string? Resolve(string? path, bool isOutput = false)
    {
        if (path is null || Path.IsPathRooted(path))
        {
            return path;
        }

        var here = Path.GetFullPath(path);
        var probe = isOutput ? Path.GetDirectoryName(here)! : here;
        if (Directory.Exists(probe) || File.Exists(probe) || RepoRoot() is not { } root)
        {
            return here;
        }

        return Path.GetFullPath(Path.Combine(root, path));
    }

    private static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Search.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
