using System.Globalization;
using System.Text;
using Search.Bench.Report;

namespace Search.Bench.Scenarios;

/// <summary>
/// The markdown of the load scenarios (pure). Each scenario owns one section of the report file, between
/// <c>&lt;!-- scenario:NAME --&gt;</c> markers, and replaces only that section, so that runs of different scenarios add up.
/// </summary>
internal static class LoadReport
{
    private const string Title = "# Load scenarios: searching during a harvest, and hostile queries";

    public static string ReplaceSection(string? existing, string scenario, string section)
    {
        var begin = $"<!-- scenario:{scenario} -->";
        var end = $"<!-- /scenario:{scenario} -->";
        var block = begin + "\n" + section.TrimEnd() + "\n" + end + "\n";
        if (string.IsNullOrWhiteSpace(existing))
        {
            return Title + "\n\nWritten by `src/Bench --scenario …`; each section comes from one run of its scenario (see its command).\n\n" + block;
        }

        var from = existing.IndexOf(begin, StringComparison.Ordinal);
        var to = existing.IndexOf(end, StringComparison.Ordinal);
        return from >= 0 && to > from
            ? existing[..from] + block + existing[(to + end.Length)..].TrimStart('\n')
            : existing.TrimEnd() + "\n\n" + block;
    }

    public static string HarvestLoad(HarvestLoadOutcome o, ScenarioOptions options, MachineInfo machine, string command, DateTimeOffset finished)
    {
        var md = new StringBuilder();
        md.AppendLine("## Search during a harvest (row 36)");
        md.AppendLine();
        Header(md, options, machine, command, finished);
        md.AppendLine(I($"The service starts on an index of {options.Size:N0} generated documents. *Idle*: {o.Idle.Latency.Clients} closed-loop clients search for {options.Duration.TotalSeconds:0} s. *During harvest*: the same load for the same time while the service harvests a loopback site of {o.Pages:N0} pages through the admin API, round after round (every round changes every page, so each re-indexes all of them, committing every {o.CommitBatchSize} documents; Lucene merges segments in the background). `GET /api/v1/search?q=…&pageSize=10`, latencies in ms over all answers."));
        md.AppendLine();
        md.AppendLine("| phase | clients | q/s | p50 | p95 | p99 | max | 200 | 429 | other 4xx | 5xx | transport errors | other load (cores) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in new[] { o.Idle, o.DuringHarvest })
        {
            Row(md, phase);
        }

        md.AppendLine();
        md.AppendLine(I($"Harvest during the timed phase: {o.PagesFetched:N0} pages fetched (about {o.Commits} commits); {o.RoundsStarted} rounds started, {o.RoundsFinished} finished, {o.DocumentsIndexed:N0} documents (re)indexed by the finished rounds."));
        md.AppendLine();
        md.AppendLine("| target | measured | verdict |");
        md.AppendLine("|---|---|---|");
        md.AppendLine(I($"| p95 during harvest ≤ {HarvestLoadScenario.TargetRatio}× idle | {o.P95Ratio:0.00}× ({o.DuringHarvest.Latency.P95:N1} / {o.Idle.Latency.P95:N1} ms) | {(o.Commits < 2 ? "not measured: the harvest committed less than twice while timed" : Verdict(o.P95Ratio <= HarvestLoadScenario.TargetRatio))} |"));
        md.AppendLine(I($"| no 5xx | {o.Idle.Counts.ServerErrors + o.DuringHarvest.Counts.ServerErrors} | {Verdict(o.Idle.Counts.ServerErrors + o.DuringHarvest.Counts.ServerErrors == 0)} |"));
        md.AppendLine(I($"| no transport errors | {o.Idle.Counts.TransportErrors + o.DuringHarvest.Counts.TransportErrors} | {Verdict(o.Idle.Counts.TransportErrors + o.DuringHarvest.Counts.TransportErrors == 0)} |"));
        md.AppendLine(I($"| overload answered 429, not 5xx | {o.Idle.Counts.Busy + o.DuringHarvest.Counts.Busy} × 429 | {Verdict(o.Idle.Counts.ServerErrors + o.DuringHarvest.Counts.ServerErrors == 0)} |"));
        return md.ToString();
    }

    public static string Hostile(HostileOutcome o, ScenarioOptions options, MachineInfo machine, string command, DateTimeOffset finished)
    {
        var md = new StringBuilder();
        md.AppendLine("## Hostile queries (rows 38–42)");
        md.AppendLine();
        Header(md, options, machine, command, finished);
        md.AppendLine(I($"The service starts on an index of {options.Size:N0} generated documents. First each hostile request alone, 3 times, on the otherwise idle service (status and time until the whole answer was read). Then {o.Alone.Latency.Clients} closed-loop clients send normal queries for {options.Duration.TotalSeconds:0} s, alone and while {o.HostileClients} clients send the hostile requests in turn at {o.HostileRate} per second together."));
        md.AppendLine();
        md.AppendLine(I($"| row | hostile request | alone: statuses | median ms | max ms | under load: statuses | median ms | max ms | refused or answered ≤ {HostileScenario.TargetMilliseconds:0} ms, no 5xx |"));
        md.AppendLine("|---|---|---|---:|---:|---|---:|---:|---|");
        foreach (var (probe, during) in o.Probes.Zip(o.DuringLoad))
        {
            md.AppendLine(I($"| {probe.Query.Row} | {probe.Query.Name.Replace("|", "\\|", StringComparison.Ordinal)} | {probe.StatusText} | {probe.Median:N1} | {probe.Max:N1} | {(during.Statuses.Count == 0 ? "not sent" : during.StatusText)} | {during.Median:N1} | {during.Max:N1} | {Verdict(probe.MetTarget && (during.Statuses.Count == 0 || during.MetTarget))} |"));
        }

        md.AppendLine();
        md.AppendLine("| phase | clients | q/s | p50 | p95 | p99 | max | 200 | 429 | other 4xx | 5xx | transport errors | other load (cores) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(md, o.Alone);
        Row(md, o.WithHostile);
        md.AppendLine();
        md.AppendLine("| target | measured | verdict |");
        md.AppendLine("|---|---|---|");
        md.AppendLine(I($"| normal p95 with hostile traffic ≤ {HostileScenario.TargetRatio}× alone | {o.P95Ratio:0.00}× ({o.WithHostile.Latency.P95:N1} / {o.Alone.Latency.P95:N1} ms) | {Verdict(o.P95Ratio <= HostileScenario.TargetRatio)} |"));
        md.AppendLine(I($"| every hostile request refused or answered within {HostileScenario.TargetMilliseconds:0} ms | {o.Probes.Count(p => p.MetTarget)} of {o.Probes.Count} alone, {o.DuringLoad.Count(p => p.Statuses.Count > 0 && p.MetTarget)} of {o.DuringLoad.Count(p => p.Statuses.Count > 0)} under load | {Verdict(o.Probes.All(p => p.MetTarget) && o.DuringLoad.All(p => p.Statuses.Count == 0 || p.MetTarget))} |"));
        return md.ToString();
    }

    private static void Header(StringBuilder md, ScenarioOptions options, MachineInfo machine, string command, DateTimeOffset finished)
    {
        md.AppendLine(I($"Run on {finished:yyyy-MM-dd HH:mm} UTC with `{command}`, {machine.Cores} cores ({machine.Cpu}), {machine.Runtime}. Client and service share these cores; *other load* is CPU used by other processes meanwhile."));
        if (options.Duration < TimeSpan.FromMinutes(5))
        {
            md.AppendLine();
            md.AppendLine(I($"**A short run ({options.Duration.TotalSeconds:0} s per phase), not the 5 minutes of issue 6:** figures are indicative only."));
        }

        md.AppendLine();
    }

    private static void Row(StringBuilder md, PhaseResult p) =>
        md.AppendLine(I($"| {p.Name} | {p.Latency.Clients} | {p.Latency.Throughput:N0} | {p.Latency.P50:N1} | {p.Latency.P95:N1} | {p.Latency.P99:N1} | {p.Latency.Max:N1} | {p.Counts.Ok} | {p.Counts.Busy} | {p.Counts.ClientErrors} | {p.Counts.ServerErrors} | {p.Counts.TransportErrors} | {p.Latency.ForeignCores:0.0} |"));

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
