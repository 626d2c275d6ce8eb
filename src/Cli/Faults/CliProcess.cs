using Search.TestKit;

namespace Search.Cli.Faults;

/// <summary>This CLI as a child process: <c>dotnet Search.Cli.dll …</c> (the assembly this type is in).</summary>
public static class CliProcess
{
    public static ChildProcess Start(IEnumerable<string> arguments) =>
        ChildProcess.StartDotnet(typeof(CliProcess).Assembly.Location, arguments);
}
