using System.Diagnostics;
using System.Globalization;

namespace Search.Bench;

/// <summary>
/// How busy the machine was with <em>other</em> work during a measurement: busy CPU time from <c>/proc/stat</c> minus
/// the CPU time of our own processes (this one and the service), in cores. Other engineers' builds and tests on the
/// same 2 cores show up here; without <c>/proc</c> it reports NaN.
/// </summary>
internal sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int[] _processIds;
    private readonly long _busy;
    private readonly long _own;
    private readonly long _started;

    private CpuMeter(int[] processIds)
    {
        _processIds = processIds;
        _busy = MachineBusyTicks();
        _own = OwnTicks(processIds);
        _started = Stopwatch.GetTimestamp();
    }

    public static CpuMeter Start(params int[] otherOwnProcesses) => new([Environment.ProcessId, .. otherOwnProcesses]);

    /// <summary>Average cores used by processes other than ours since <see cref="Start"/>.</summary>
    public double ForeignCores()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var foreign = MachineBusyTicks() - _busy - (OwnTicks(_processIds) - _own);
        return _busy < 0 || seconds <= 0 ? double.NaN : Math.Max(0, foreign / TicksPerSecond / seconds);
    }

    private static long MachineBusyTicks()
    {
        try
        {
            // cpu user nice system idle iowait irq softirq steal …
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return fields.Take(8).Sum() - fields[3] - fields[4];
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static long OwnTicks(int[] processIds) => processIds.Sum(pid =>
    {
        try
        {
            // utime and stime are fields 14 and 15; the command name (field 2) may contain spaces, so count after its ')'.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0L;
        }
    });
}
