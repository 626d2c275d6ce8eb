using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Search.Bench.Report;

internal sealed record MachineInfo(int Cores, string Cpu, long MemoryBytes, string DotnetVersion, string Runtime, string Os)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        (long.TryParse(FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0], out var kb) ? kb : 0) * 1024,
        ReadDotnetVersion(),
        RuntimeInformation.FrameworkDescription,
        (FirstValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription)
            + (File.Exists("/proc/sys/kernel/osrelease") ? $", Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}" : string.Empty));

    private static string? FirstValue(string file, string key, char separator = ':')
    {
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(separator, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(separator, StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault();
    }

    private static string ReadDotnetVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dotnet", ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false });
            var version = process!.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
