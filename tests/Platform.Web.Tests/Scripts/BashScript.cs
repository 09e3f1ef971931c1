using System.Diagnostics;
using Platform.Testing;

namespace Platform.Web.Tests.Scripts;

/// <summary>Runs a bash snippet in the repository root, as ./platform's own functions run, and returns what it printed.</summary>
internal static class BashScript
{
    public sealed record Outcome(int ExitCode, string Output, string Errors);

    public static async Task<Outcome> RunAsync(string script, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", "set -euo pipefail\n" + script])
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return new Outcome(process.ExitCode, await output, await errors);
    }
}
